#!/usr/bin/env node
/**
 * The `ucwa-inspector` executable: process-level wiring around `main`. Installed, it runs as
 * compiled JavaScript (dist/cli/ucwa-inspector.js); from a checkout, `npx tsx cli/ucwa-inspector.ts`.
 */
import { quietLibraryConsole } from './library-console.ts';
import { main } from './main.ts';

// `ucwa-inspector timeline ... | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
quietLibraryConsole(process.stderr);
process.exitCode = await main(process.argv.slice(2));
