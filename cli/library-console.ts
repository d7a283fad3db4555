/**
 * http-mitm-proxy narrates its work on the console: a `console.debug` line for every TLS server
 * it starts and every reset it ignores, and `console.error` with a full stack for a socket error
 * in a tunnel (which the recording already holds as that exchange's error). In the command, the
 * user reads our own output, so the narration goes unless UCWA_INSPECTOR_DEBUG is set, and
 * library errors become one line each on stderr. Library users keep their console as it is.
 */
import { format } from 'node:util';

function oneLine(value: unknown): string {
  if (value instanceof Error) return `${value.message}${(value as NodeJS.ErrnoException).code ? ` (${(value as NodeJS.ErrnoException).code})` : ''}`;
  return typeof value === 'string' ? value : format('%o', value).replace(/\s+/g, ' ');
}

export function quietLibraryConsole(stderr: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): void {
  if (env['UCWA_INSPECTOR_DEBUG']) return;
  console.debug = () => {};
  // A tunnel's socket error comes as a header line ("Socket error:") and then the error: printed as one
  // line, and not at all for a reset, which is how many clients hang up (Python's urllib, curl); an
  // exchange a reset cut short is recorded as aborted anyway.
  let header: string | null = null;
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === 'string' && /^(Socket|Connection) error:$/.test(args[0])) {
      header = args[0];
      return;
    }
    const heading = header;
    header = null;
    if (heading && (args[0] as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET') return;
    stderr.write(`ucwa-inspector: ${heading ? `${heading} ` : ''}${args.map(oneLine).join(' ')}\n`);
  };
}
