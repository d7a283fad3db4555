/** `ucwa-inspector simulate`: the UCWA simulator as a server to develop a client against. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_USERS, DEFAULT_PASSWORD, SCENARIOS, startSimulator } from '../../simulator/index.ts';
import { integerOption, positiveNumberOption, readArgs } from '../args.ts';
import { UsageError, type Command, type CommandIo } from '../command.ts';
import { waitForStopSignal } from '../wait-for-stop.ts';

const HELP = `Usage: ucwa-inspector simulate [--port N] [--host H] [--scenario NAME] [--tls] [--seed N] [--time-scale X]
                                 [--public-url URL] [--discovery direct|redirect]

Serves a stateful UCWA server (Skype for Business Server 2015 as the docs describe it): discovery,
OAuth sign-in, applications, the event channel, and instant messaging both ways, in JSON or XML
by Accept, plus people (search, contacts, groups) and presence, note and location. Point a client
at the printed URL (the autodiscover root) and sign in. As a real server does, discovery links,
the token URL in the 401 challenge and the applications link are absolute; hrefs inside an
application are server-relative.

Users (password ${DEFAULT_PASSWORD} for each):
${BUILT_IN_USERS.map((u) => `  ${u.sip.slice(4).padEnd(20)} ${u.name}${u.sip === 'sip:echo@contoso.com' ? ': accepts any invitation within a second and says back every message' : ''}`).join('\n')}
Other built-in users accept invitations and stay quiet; unknown addresses fail (DestinationNotFound).

Scenarios (remote parties who act on their own once you call makeMeAvailable):
${SCENARIOS.map((s) => `  ${s.name.padEnd(18)} ${s.summary}`).join('\n')}

Options:
  --port N          listen on N (default 0: a free port, printed)
  --host H          listen on H (default 127.0.0.1)
  --scenario NAME   run a scenario (default: none; echo still answers)
  --tls             serve HTTPS with a self-signed certificate (its path is printed, to trust it)
  --seed N          ids and tokens from this seed (default 1): the same seed gives the same hrefs
  --time-scale X    multiply every scripted delay and timeout by X (default 1; 0.1 is ten times faster)
  --public-url URL  the origin absolute links name (default: the printed URL), e.g. when a
                    proxy or a name like https://lyncweb.contoso.com stands in front
  --discovery MODE  direct (default): the root names the user resource; redirect: the first
                    root holds only a redirect link to a pool's root, as Skype for Business Online does
  -h, --help        this text

Examples:
  ucwa-inspector simulate --port 4000
  ucwa-inspector simulate --scenario incoming-chat
  ucwa-inspector simulate --tls --scenario demo
  ucwa-inspector simulate --discovery redirect --public-url http://localhost:4000 --port 4000
`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = readArgs(args, { port: { type: 'string' }, host: { type: 'string' }, scenario: { type: 'string' }, tls: { type: 'boolean' }, seed: { type: 'string' }, 'time-scale': { type: 'string' }, 'public-url': { type: 'string' }, discovery: { type: 'string' } });
  const discovery = values.discovery ?? 'direct';
  if (discovery !== 'direct' && discovery !== 'redirect') throw new UsageError(`--discovery takes direct or redirect, not "${discovery}"`);
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined && !/^https?:\/\/[^/?#]+\/?$/i.test(publicUrl)) throw new UsageError(`--public-url takes an origin such as https://lyncweb.contoso.com, not "${publicUrl}"`);
  if (values.scenario !== undefined && !SCENARIOS.some((s) => s.name === values.scenario)) throw new UsageError(`unknown scenario "${values.scenario}"; choose one of ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const timeScale = positiveNumberOption(values['time-scale'], '--time-scale') ?? 1;
  const port = integerOption(values.port, '--port', 0, 65535) ?? 0;
  // A port in use or a --host not of this machine is told as one line by main.
  const sim = await startSimulator({ port, host: values.host ?? '127.0.0.1', tls: values.tls ?? false, seed: integerOption(values.seed, '--seed', 0, 2 ** 31) ?? 1, timeScale, discovery, ...(publicUrl ? { publicUrl } : {}), ...(values.scenario ? { scenario: values.scenario } : {}) });
  io.stdout.write(`simulator: ${sim.url}\n`);
  if (sim.certificatePem) {
    const file = join(mkdtempSync(join(tmpdir(), 'ucwa-simulator-')), 'certificate.pem');
    writeFileSync(file, sim.certificatePem);
    io.stdout.write(`certificate: ${file}  (trust it in Node with NODE_EXTRA_CA_CERTS=${file})\n`);
  }
  if (values.scenario) io.stdout.write(`scenario: ${values.scenario} (starts when a client calls makeMeAvailable)\n`);
  await waitForStopSignal();
  await sim.close();
  return 0;
}

export const simulateCommand: Command = { name: 'simulate', summary: 'serve a stateful UCWA server to develop a client against', help: HELP, run };
