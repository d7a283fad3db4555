#!/usr/bin/env node
// The command is written in TypeScript; tsx compiles it on load so `npm install` is the only set-up step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
