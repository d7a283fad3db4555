/**
 * Entry point of the `ucwa-inspector` command: picks the subcommand, and prints what a user can
 * fix as one line (exit 2 for arguments, 1 for the rest); UCWA_INSPECTOR_DEBUG adds the stack.
 */
import type { CommandIo } from './command.ts';
import { commands } from './commands.ts';
import { stackOf, userError } from './user-error.ts';

const processIo: CommandIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };

export function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'ucwa-inspector: record, inspect, replay and simulate UCWA (Skype for Business) traffic.',
    '',
    'Usage: ucwa-inspector <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `ucwa-inspector <command> --help` for a command\'s options and examples.',
    '',
  ].join('\n');
}

/** A message is one line even when a library's sentence wraps. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

export async function main(argv: readonly string[], io: CommandIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`ucwa-inspector: unknown command "${name}". Run \`ucwa-inspector --help\` for the list.\n`);
    return 2;
  }
  // After `--` come another program's arguments (`record -- client --help`), not ours.
  const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (own.includes('--help') || own.includes('-h')) {
    io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const problem = userError(error);
    // Anything else is a bug: its stack trace is what a report needs.
    if (!problem) throw error;
    io.stderr.write(`ucwa-inspector ${name}: ${oneLine(problem.message)}${problem.exitCode === 2 ? ` (see \`ucwa-inspector ${name} --help\`)` : ''}\n`);
    if (env['UCWA_INSPECTOR_DEBUG']) io.stderr.write(`${stackOf(error)}\n`);
    return problem.exitCode;
  }
}
