import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDynamoDBLocal } from '../../scripts/fetch-dynamodb-local.mjs';

/**
 * The package as a team gets it: `npm pack` (which builds dist/), the tarball installed into a
 * scratch project outside the repository (test/package/fixture: a flow, its test, a CDK app),
 * then the README's commands run there: the flow's test with virtual time, the types, the CDK
 * app with the construct pointed at the project's flows, and `automations dev` with the CLI.
 * Dependencies come from the npm registry, through the local npm cache when it has them.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const installed = (name: string) => (createRequire(join(ROOT, 'package.json'))(`${name}/package.json`) as { version: string }).version;

// The scratch project's processes get a clean environment: no vitest or npm variables of this run.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !k.startsWith('npm_') && k !== 'NODE_OPTIONS' && k !== 'TEST'));
let dir: string;

function newestSource(): number {
  let newest = 0;
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const folder of ['lib', 'lambdas', 'dashboard', 'scripts']) walk(join(ROOT, folder));
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) newest = Math.max(newest, statSync(join(ROOT, file)).mtimeMs);
  return newest;
}
let tarball: string;
const sh = (file: string, args: string[], extra: NodeJS.ProcessEnv = {}) =>
  run(file, args, { cwd: dir, env: { ...env, ...extra }, maxBuffer: 64 * 1024 * 1024 });

beforeAll(async () => {
  const packDir = mkdtempSync(join(tmpdir(), 'automations-pack-'));
  // npm pack builds dist/ (prepare) unless it is newer than every source file (CI: npm ci has just built it).
  const fresh = existsSync(join(ROOT, 'dist/lib/entries/index.js')) && statSync(join(ROOT, 'dist/lib/entries/index.js')).mtimeMs > newestSource();
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packDir, ...(fresh ? ['--ignore-scripts'] : [])], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; size: number; unpackedSize: number; entryCount: number }[];
  tarball = join(packDir, info!.filename);
  console.log(`tarball ${info!.filename}: ${info!.size} bytes packed, ${info!.unpackedSize} unpacked, ${info!.entryCount} files`);
  dir = mkdtempSync(join(tmpdir(), 'automations-team-'));
  cpSync(join(ROOT, 'test/package/fixture'), dir, { recursive: true });
  const pin = (name: string) => `${name}@${installed(name)}`;
  const npm = ['install', '--prefer-offline', '--no-audit', '--no-fund'];
  // One install: the README's two commands, as one resolution (the fixture's dependencies are the same either way).
  await sh('npm', [...npm, tarball, ...['zod', 'aws-cdk-lib', 'constructs', 'vitest', 'tsx', 'typescript', '@types/node'].map(pin)]);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (tarball) rmSync(resolve(tarball, '..'), { recursive: true, force: true });
});

describe('the packed package in a team\'s own project', () => {
  it('ships built JavaScript with types for every entry, and nothing of the repository\'s flows or tests', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'node_modules/serverless-automations/package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }>; bin: Record<string, string> };
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      expect(existsSync(join(dir, 'node_modules/serverless-automations', target.default)), entry).toBe(true);
      expect(existsSync(join(dir, 'node_modules/serverless-automations', target.types)), entry).toBe(true);
    }
    expect(pkg.bin.automations).toMatch(/\.js$/);
    expect(existsSync(join(dir, 'node_modules/serverless-automations/flows'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/serverless-automations/test'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/serverless-automations/dist/lib/dashboard/dashboard/index.html'))).toBe(true);
  });

  it('type-checks the flow, its test and the CDK app against the package\'s types', async () => {
    await expect(sh('npx', ['tsc', '--noEmit', '-p', '.'])).resolves.toBeDefined();
  });

  it('runs the flow\'s test with virtual time (npm test)', async () => {
    const { stdout } = await sh('npm', ['test']);
    expect(stdout).toMatch(/1 passed/);
  });

  it('synthesises the construct with the team\'s flows bundled into every function', async () => {
    const out = join(dir, 'cdk.out');
    await sh('npx', ['tsx', 'infra/app.ts'], { CDK_OUTDIR: out });
    const template = readFileSync(join(out, 'AcmeAutomations.template.json'), 'utf8');
    expect(JSON.parse(template)).toMatchObject({ Resources: expect.any(Object) });
    expect(template).toMatch(/"HISTORY_RETENTION_DAYS": "90"/); // the construct's options reach the functions
    expect(template).toContain('ops@acme.example');
    const assets = readdirSync(out).filter((d) => d.startsWith('asset.') && statSync(join(out, d)).isDirectory());
    expect(assets).toHaveLength(6);
    for (const asset of assets) {
      // index.mjs and its chunks (the flows are a chunk of their own, loaded by the first invocation)
      expect(existsSync(join(out, asset, 'index.mjs')), asset).toBe(true);
      const code = readdirSync(join(out, asset), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(join(out, asset, f), 'utf8')).join('\n');
      expect(code, asset).toContain('InvoiceReminder');
      expect(code, asset).not.toContain('WebinarWorkflow'); // the repository's example flows stay out
    }
    expect(assets.filter((a) => existsSync(join(out, a, 'dashboard/index.html')))).toHaveLength(1);
  });

  it('serves the flows locally (npx automations dev) and the CLI drives them', async () => {
    // The bin `npx automations` runs, started with node directly: SIGINT reaches it (npx does not pass it on) and its exit code is dev's.
    const dev: ChildProcess = spawn(process.execPath, [join(dir, 'node_modules/.bin/automations'), 'dev', '--port', '0'], {
      cwd: dir, env: { ...env, AUTOMATIONS_QUIET: '1', DYNAMODB_LOCAL_DIR: ensureDynamoDBLocal() }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    dev.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    dev.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((done) => dev.on('exit', (code) => done(code)));
    try {
      await new Promise<void>((ready, fail) => {
        const timer = setInterval(() => {
          if (output.includes('Ctrl-C stops it.')) clearInterval(timer), ready();
        }, 200);
        void exited.then((code) => (clearInterval(timer), fail(new Error(`automations dev exited (${code}):\n${output}`))));
      });
      expect(output).toContain('Automations      InvoiceReminder');
      const started = await sh('npx', ['automations', 'start', 'InvoiceReminder', '{"invoice":"INV-1","email":"ada@example.org"}', '--json']);
      const { id, status } = JSON.parse(started.stdout) as { id: string; status: string };
      expect(status).toBe('waiting');
      const shown = await sh('npx', ['automations', 'status', id]);
      expect(shown.stdout).toContain(`InvoiceReminder ${id}: waiting`);
      expect(shown.stdout).toContain('"reminders":[]');
      const typo = await sh('npx', ['automations', 'stauts', id]).catch((error: { code: number; stderr: string }) => error);
      expect(typo).toMatchObject({ code: 1 });
      expect((typo as { stderr: string }).stderr).toContain('Did you mean "status"?');
    } finally {
      dev.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });
});
