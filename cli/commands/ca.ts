/** `ucwa-inspector ca`: where our interception CA is, and its certificate, to trust it. */
import { defaultCaDir, loadCertificateAuthority } from '../../proxy/index.ts';
import { folderOption, readArgs } from '../args.ts';
import type { Command, CommandIo } from '../command.ts';

const HELP = `Usage: ucwa-inspector ca [--ca-dir DIR] [--pem]

Prints the path of the certificate authority the recording proxy uses to intercept HTTPS, creating
it the first time (its private key is written readable by you only). Trust this certificate in
the client you record; see "Recording a client" in the README for Node, browsers, Windows, macOS.

Options:
  --ca-dir DIR  where the CA lives (default ${defaultCaDir()})
  --pem         print only the certificate in PEM
  -h, --help    this text

Examples:
  ucwa-inspector ca
  NODE_EXTRA_CA_CERTS="$(ucwa-inspector ca --pem > /tmp/ucwa-ca.pem && echo /tmp/ucwa-ca.pem)" node my-client.js
`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = readArgs(args, { 'ca-dir': { type: 'string' }, pem: { type: 'boolean' } });
  const ca = await loadCertificateAuthority(folderOption(values['ca-dir'], '--ca-dir') ?? defaultCaDir());
  if (values.pem) io.stdout.write(ca.certPem);
  else io.stdout.write(`certificate: ${ca.certPath}\n\n${ca.certPem}`);
  return 0;
}

export const caCommand: Command = { name: 'ca', summary: 'show the HTTPS interception CA certificate to trust', help: HELP, run };
