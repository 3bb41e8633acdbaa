#!/usr/bin/env node
// The command line (server/cli/main.ts): from the compiled build when there is one
// (npm install, npm run build), else straight from the TypeScript through tsx (a checkout).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/server/cli/main.js', import.meta.url);
let cli;
if (existsSync(compiled)) {
  cli = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(new URL('../server/cli/main.ts', import.meta.url).href);
}
process.exitCode = await cli.run(process.argv.slice(2));
