#!/usr/bin/env node
// The `automations` command (package.json "bin": dist/lib/cli/automations.js, built by npm run build).
import { readFileSync } from 'node:fs';
import { runCli } from './main.js';

process.exitCode = await runCli(process.argv.slice(2), { out: (text) => console.log(text), err: process.stderr, env: process.env }, (path) => readFileSync(path, 'utf8'));
