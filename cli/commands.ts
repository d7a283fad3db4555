/** Every subcommand, in the order `--help` lists them. */
import type { Command } from './command.ts';
import { decodeCommand } from './commands/decode.ts';

export const commands: readonly Command[] = [decodeCommand];
