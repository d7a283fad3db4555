/** The shape every `ucwa-inspector` subcommand has: wiring only, no product logic. */

export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full `--help` text: usage, options, examples. */
  readonly help: string;
  /** Resolves to the process exit code. Long-running servers resolve when they stop. */
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** Thrown for bad arguments; main prints the message as one line pointing at `--help`, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure the user can act on once the arguments were fine (a file that cannot be read); main prints it as one line, exit 1. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}
