#!/usr/bin/env node
// The command line runs the TypeScript sources directly through tsx, so `npx casefile` works in a fresh checkout
// without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
