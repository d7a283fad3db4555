/** Every subcommand, in the order `--help` lists them. */
import type { Command } from './command.ts';
import { caCommand } from './commands/ca.ts';
import { decodeCommand } from './commands/decode.ts';
import { demoCommand } from './commands/demo.ts';
import { diffCommand } from './commands/diff.ts';
import { recordCommand } from './commands/record.ts';
import { replayCommand } from './commands/replay.ts';
import { rerunCommand } from './commands/rerun.ts';
import { exportCommand } from './commands/export.ts';
import { importCommand } from './commands/import.ts';
import { reindexCommand } from './commands/reindex.ts';
import { sessionsCommand } from './commands/sessions.ts';
import { simulateCommand } from './commands/simulate.ts';
import { timelineCommand } from './commands/timeline.ts';
import { uiCommand } from './commands/ui.ts';

export const commands: readonly Command[] = [demoCommand, recordCommand, uiCommand, replayCommand, caCommand, simulateCommand, sessionsCommand, timelineCommand, diffCommand, rerunCommand, exportCommand, importCommand, reindexCommand, decodeCommand];
