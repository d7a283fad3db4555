// The installed command: `npx ucwa-inspector --help`, then `replay` of a bundled fixture answering
// one request and stopping cleanly on SIGINT. Run from the temporary project that installed the package.
// The replay runs node_modules/.bin/ucwa-inspector, the link npx runs: npx passes a lone SIGINT to a
// `sh -c` that does not hand it on, and on Ctrl-C (SIGINT to the whole group) npx reports the signal
// rather than the command's exit status, which is what this checks.
import { execFileSync, spawn } from 'node:child_process';

let child;
function fail(line) {
  if (child?.exitCode === null) child.kill('SIGKILL');
  console.error(line);
  process.exit(1);
}

const help = execFileSync('npx', ['--no-install', 'ucwa-inspector', '--help'], { encoding: 'utf8' });
if (!help.includes('Usage: ucwa-inspector <command>')) fail(`npx ucwa-inspector --help printed no usage: ${JSON.stringify(help.slice(0, 200))}`);

const fixture = 'node_modules/ucwa-inspector/recordings/outgoing-chat-json.json';
child = spawn('node_modules/.bin/ucwa-inspector', ['replay', fixture, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
let stdout = '';
let stderr = '';
child.stdout.on('data', (chunk) => (stdout += chunk));
child.stderr.on('data', (chunk) => (stderr += chunk));
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
let phase = 'print its replay: line';
const giveUp = setTimeout(() => {
  child.kill('SIGKILL');
  fail(`ucwa-inspector replay did not ${phase} within 30 s; stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(stderr)}`);
}, 30_000);

let url;
while (!(url = /^replay: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout)?.[1])) {
  if (child.exitCode !== null) fail(`ucwa-inspector replay exited ${child.exitCode} before serving: ${stderr.trim()}`);
  await new Promise((resolve) => setTimeout(resolve, 50));
}
phase = `answer GET ${url}`;
const response = await fetch(url, { headers: { Accept: 'application/vnd.microsoft.com.ucwa+json' } });
const body = await response.text();
if (response.status !== 200 || !body.includes('"rel":"root"')) fail(`ucwa-inspector replay answered GET ${url} with ${response.status} ${body.slice(0, 200)}`);
phase = 'exit on SIGINT';
child.kill('SIGINT');
const { code, signal } = await exited;
clearTimeout(giveUp);
if (code !== 0) fail(`ucwa-inspector replay exited with ${code ?? signal} on SIGINT, not 0: ${stderr.trim()}`);
console.log(`ucwa-inspector replay served ${url} and stopped cleanly on SIGINT`);
