/**
 * `tsx lib/dashboard/build-cli.ts <out-dir>`: writes the built dashboard to a folder. The stack
 * runs it after bundling the API function, so the function serves the files without esbuild.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildDashboard } from './assets.js';
const out = resolve(process.argv[2] ?? 'dist/dashboard');
const files = await buildDashboard();
mkdirSync(out, { recursive: true });
for (const [name, body] of files)
    writeFileSync(join(out, name), body);
console.log(`dashboard: ${files.size} files, ${[...files.values()].reduce((n, b) => n + b.length, 0)} bytes → ${out}`);
