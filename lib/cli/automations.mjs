#!/usr/bin/env node
// The `automations` command (package.json "bin"): runs lib/cli/main.ts through tsx.
import { readFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./main.ts');
const code = await runCli(process.argv.slice(2), { out: (text) => console.log(text), err: process.stderr, env: process.env }, (path) => readFileSync(path, 'utf8'));
process.exitCode = code;
