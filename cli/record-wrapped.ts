/**
 * `record -- <command>`: runs the command with the environment that sends its HTTP(S) through the
 * running proxy (forward mode) or names the proxy in UCWA_URL (reverse mode), until it exits.
 */
import { clientEnvironment, writeCaBundle, type RunningRecordingProxy } from '../proxy/index.ts';
import { runWrappedCommand } from './wrap-command.ts';

/** Resolves with the command's exit code once it has ended. */
export async function runUnderRecording(command: readonly string[], proxy: RunningRecordingProxy, upstream: string | undefined, out: NodeJS.WritableStream): Promise<number> {
  const caBundlePath = proxy.mode === 'forward' ? writeCaBundle({ caCertPem: proxy.caCertPem, caCertPath: proxy.caCertPath, env: process.env }) : undefined;
  const env = clientEnvironment({ base: process.env, mode: proxy.mode, proxyUrl: proxy.url, ...(upstream ? { upstream } : {}), ...(caBundlePath ? { caBundlePath } : {}) });
  const shown = command.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : JSON.stringify(word))).join(' ');
  out.write(proxy.mode === 'forward' ? `running: ${shown}  (HTTP(S)_PROXY=${proxy.url}, CA bundle ${caBundlePath})\n` : `running: ${shown}  (UCWA_URL=${env['UCWA_URL']})\n`);
  const exit = await runWrappedCommand(command, env);
  if (exit.problem) out.write(`ucwa-inspector record: ${exit.problem}\n`);
  return exit.exitCode;
}
