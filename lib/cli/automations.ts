#!/usr/bin/env node
// The `automations` command (package.json "bin": dist/lib/cli/automations.js, built by npm run build).
import { readFileSync } from 'node:fs';
import { runCli } from './main.js';

const argv = process.argv.slice(2);
const code = await runCli(argv, { out: (text) => console.log(text), err: process.stderr, env: process.env }, (path) => readFileSync(path, 'utf8'));
// dev has stopped (or failed to start): exit even if a child it started is still being torn down.
if (argv[0] === 'dev') process.exit(code);
process.exitCode = code;
