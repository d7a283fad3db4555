#!/usr/bin/env node
// The command is written in TypeScript; tsx compiles it on load so `npm install` is the only set-up step.
import { register } from 'tsx/esm/api';

// `ucwa-inspector timeline ... | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
register();
const { quietLibraryConsole } = await import('../cli/library-console.ts');
quietLibraryConsole(process.stderr);
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
