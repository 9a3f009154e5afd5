#!/usr/bin/env node
/**
 * Makes the official DynamoDB Local jar available under .cache/dynamodb-local/ (gitignored).
 *
 * The jar ships inside the npm package amplify-dynamodb-simulator (emulator/ folder). A full
 * `npm install` of that package pulls 347 MB of dependencies we never use; `npm pack` of the one
 * tarball (56 MB, served from the npm cache after the first time) and extracting only
 * `package/emulator/` takes about a second. The tarball's integrity is pinned below.
 *
 * Idempotent and safe to run concurrently: it extracts into a temporary folder and renames it
 * into place; a marker file records the version. Exits 0 with the folder on stdout.
 *
 * Usage: node scripts/fetch-dynamodb-local.mjs        (prints the emulator folder)
 *        import { ensureDynamoDBLocal } from './scripts/fetch-dynamodb-local.mjs'
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE = 'amplify-dynamodb-simulator';
export const VERSION = '2.9.30';
export const INTEGRITY = 'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultDir = join(root, '.cache', 'dynamodb-local');
const marker = (dir) => join(dir, '.installed');

/** True when `dir` holds a complete emulator of the pinned version. */
export function isInstalled(dir = defaultDir) {
  return existsSync(join(dir, 'DynamoDBLocal.jar')) && existsSync(marker(dir)) && readFileSync(marker(dir), 'utf8').trim() === `${PACKAGE}@${VERSION}`;
}

/** Returns the emulator folder (with DynamoDBLocal.jar and DynamoDBLocal_lib/), fetching it if needed. */
export function ensureDynamoDBLocal(dir = defaultDir) {
  if (isInstalled(dir)) return dir;
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const work = mkdtempSync(join(parent, '.fetch-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const out = execFileSync(npm, ['pack', `${PACKAGE}@${VERSION}`, '--json', '--pack-destination', work], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [info] = JSON.parse(out);
    const tarball = join(work, info.filename);
    const digest = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (digest !== INTEGRITY) throw new Error(`${PACKAGE}@${VERSION}: tarball integrity ${digest} does not match the pinned ${INTEGRITY}`);
    const staged = join(work, 'emulator');
    mkdirSync(staged);
    execFileSync('tar', ['-xzf', tarball, '-C', staged, '--strip-components=2', 'package/emulator'], { stdio: 'inherit' });
    writeFileSync(marker(staged), `${PACKAGE}@${VERSION}\n`);
    if (isInstalled(dir)) return dir; // another process finished first
    rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(staged, dir);
    } catch (error) {
      if (!isInstalled(dir)) throw error; // lost a rename race to a complete copy: fine
    }
    return dir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const started = Date.now();
    const dir = ensureDynamoDBLocal(process.argv[2] ? resolve(process.argv[2]) : defaultDir);
    console.log(dir);
    console.error(`DynamoDB Local ready in ${Date.now() - started} ms`);
  } catch (error) {
    console.error(`Could not fetch DynamoDB Local: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
