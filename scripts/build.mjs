#!/usr/bin/env node
/**
 * `npm run build` (also `prepare` and `prepack`): the package as JavaScript in dist/ — tsc emits
 * lib/ and lambdas/ with their .d.ts (tsconfig.build.json), then the files tsc does not emit are
 * copied beside them: DynamoDB Local's fetcher and launcher, and the dashboard, prebuilt.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const started = Date.now();

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });

const copy = (from, to = from) => {
  mkdirSync(dirname(join(dist, to)), { recursive: true });
  copyFileSync(join(root, from), join(dist, to));
};
copy('scripts/fetch-dynamodb-local.mjs');
copy('scripts/fetch-dynamodb-local.d.mts');
copy('lib/local/LoopbackDynamoDBLocal.java');

// The dashboard, built once: the local stack serves it and the construct copies it into the API function's bundle.
const { buildDashboard } = await import(pathToFileURL(join(dist, 'lib/dashboard/assets.js')).href);
const files = await buildDashboard(join(root, 'dashboard'));
const out = join(dist, 'lib/dashboard/dashboard');
mkdirSync(out, { recursive: true });
for (const [name, body] of files) writeFileSync(join(out, name), body);

chmodSync(join(dist, 'lib/cli/automations.js'), 0o755);
console.log(`dist/ built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
