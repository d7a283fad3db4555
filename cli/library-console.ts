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
  console.error = (...args: unknown[]) => {
    stderr.write(`ucwa-inspector: ${args.map(oneLine).join(' ')}\n`);
  };
}
