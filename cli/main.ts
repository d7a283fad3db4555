/** Entry point of the `ucwa-inspector` command: picks the subcommand and reports usage errors. */
import { StorageError } from '../storage/storage-error.ts';
import { UsageError, type CommandIo } from './command.ts';
import { commands } from './commands.ts';

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

export async function main(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
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
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`ucwa-inspector ${name}: ${error.message}\nRun \`ucwa-inspector ${name} --help\` for usage.\n`);
      return 2;
    }
    // Storage errors are sentences for the user (file, problem, what to do): no stack trace.
    if (error instanceof StorageError) {
      io.stderr.write(`ucwa-inspector ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
