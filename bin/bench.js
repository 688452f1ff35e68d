#!/usr/bin/env node
// `npm run bench -- NAME`: benchmarks run from the TypeScript sources through tsx, like the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../bench/run.ts');
