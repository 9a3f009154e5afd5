/**
 * Bundle sizes and cold module-load times of the handlers (`npm run bench:bundle`): synthesises
 * the stack with real esbuild bundling (exactly what `cdk deploy` uploads), then for each
 * function reports the bundle, its gzip size (≈ the deployment zip), the source map, what
 * fills it (bytes per package, read from the bundle's own source map), and the median time a
 * fresh Node process takes to import it (the module-load part of a cold start; Lambda adds
 * its own init on top), wall clock and CPU. Runs on this machine's Node, not Lambda's arm64
 * runtime. The last line is `largest handler: <N> KiB`.
 *
 *   LOADS=10 npm run bench:bundle
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { automations } from '../flows/index.js';
import { PACKAGE_ROOT } from '../lib/infra/paths.js';
import { synthesize } from '../lib/infra/synth.js';

process.env.CDK_VALIDATION ??= 'false';

/**
 * The most each handler bundle may weigh (minified bytes), checked by test/infra/bundle.test.ts.
 * Issue 11 asks for 400 KB; what stands between today's bundles and that figure is in
 * docs/architecture.md ("Measured"). These ceilings are today's bundles (api 1,010 KiB, the
 * others 902–913 KiB, with the SQS timer client and lib/app) plus about 3%, so a change that
 * pulls a new dependency into a handler fails the test; lower them as the bundles shrink.
 */
export const BUNDLE_BUDGET_KIB: Readonly<Record<string, number>> = { api: 1040, webhook: 940, tick: 940, advance: 940, worker: 940, events: 940 };
export const budgetBytes = (role: string) => (BUNDLE_BUDGET_KIB[role] ?? 940) * 1024;
/** The issue's target, printed beside the figures. */
export const BUNDLE_TARGET_BYTES = 400 * 1000;

export interface BundleFigures {
  role: string;
  bytes: number;
  gzipBytes: number;
  mapBytes: number;
  /** Median wall-clock milliseconds of a fresh Node importing the bundle. */
  loadMs: number;
  /** Median CPU milliseconds (user + system) of that import: less sensitive to a busy machine. */
  loadCpuMs: number;
  /** Bytes of the bundle per package (or project folder), from the source map, largest first. */
  composition: [string, number][];
  /** Automation class names missing from the minified bundle (esbuild's keepNames keeps them as strings). */
  lostClassNames: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall and CPU milliseconds a fresh Node takes to import the bundle (medians of `loads` processes). */
function loadTime(file: string, loads: number): { wall: number; cpu: number } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); const u = process.cpuUsage(c); process.stdout.write(JSON.stringify([performance.now() - t, (u.user + u.system) / 1000]));`;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < loads; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_METRICS_DISABLED: 'true' },
      encoding: 'utf8',
    });
    const [w, c] = JSON.parse(out) as [number, number];
    wall.push(w);
    cpu.push(c);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The package (`zod`, `@smithy/core`) or project folder (`lib/engine`) a source path belongs to. */
export function owner(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return pkg[1]!;
  const parts = source.replace(/^(\.\.\/)+/, '').split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * Output bytes per source owner: each source-map segment covers the bytes up to the next
 * segment of its line (an unmapped segment, or the banner, counts as `(unmapped)`).
 */
export function composition(code: string, map: { sources: string[]; mappings: string }): [string, number][] {
  const lines = code.split('\n');
  const totals = new Map<string, number>();
  const add = (key: string, n: number) => {
    if (n > 0) totals.set(key, (totals.get(key) ?? 0) + n);
  };
  let source = 0;
  const mapLines = map.mappings.split(';');
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l]!;
    const segments: { col: number; source?: number }[] = [];
    let col = 0;
    for (const segment of (mapLines[l] ?? '').split(',').filter(Boolean)) {
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = BASE64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      col += values[0]!;
      if (values.length >= 4) {
        source += values[1]!;
        segments.push({ col, source });
        // the remaining fields (line, column, name) are relative too, but not needed here
      } else segments.push({ col });
    }
    // columns are UTF-16 units; count bytes
    let previous = 0;
    const keyOf = (s?: number) => (s === undefined ? '(unmapped)' : owner(map.sources[s]!));
    let current: string = '(unmapped)';
    for (const seg of segments) {
      add(current, Buffer.byteLength(line.slice(previous, seg.col)));
      previous = seg.col;
      current = keyOf(seg.source);
    }
    add(current, Buffer.byteLength(line.slice(previous)) + (l < lines.length - 1 ? 1 : 0));
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

export interface MeasureOptions {
  /** Fresh processes per bundle for the import time (0: not measured). */
  loads?: number;
}

export function measureBundles({ loads = 10 }: MeasureOptions = {}): BundleFigures[] {
  const outdir = mkdtempSync(join(tmpdir(), 'automations-bundle-'));
  try {
    const { template } = synthesize({ automations, bundle: true, outdir });
    const figures: BundleFigures[] = [];
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const props = resource.Properties as { Code: { S3Key: string }; Environment: { Variables: Record<string, string> } };
      const hash = props.Code.S3Key.replace(/\.zip$/, '');
      const file = join(outdir, `asset.${hash}`, 'index.mjs');
      const code = readFileSync(file);
      const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; mappings: string };
      map.sources = map.sources.map((s) => relative(PACKAGE_ROOT, resolve(dirname(file), s)));
      const load = loads > 0 ? loadTime(file, loads) : { wall: Number.NaN, cpu: Number.NaN };
      figures.push({
        role: props.Environment.Variables.AUTOMATIONS_FUNCTION!,
        bytes: code.length,
        gzipBytes: gzipSync(code, { level: 9 }).length,
        mapBytes: statSync(`${file}.map`).size,
        loadMs: load.wall,
        loadCpuMs: load.cpu,
        composition: composition(code.toString('utf8'), map),
        lostClassNames: automations.map((cls) => cls.name).filter((name) => !code.includes(`"${name}"`)),
      });
    }
    return figures;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const loads = Number(process.env.LOADS ?? 10);
  const started = Date.now();
  const figures = measureBundles({ loads });
  console.log(`\nHandler bundles (esbuild: minified ESM, tree-shaken, AWS SDK bundled; Node ${process.version}, median of ${loads} cold imports)\n`);
  console.log(`  ${'function'.padEnd(10)}${'bundle'.padStart(10)}${'gzip'.padStart(10)}${'source map'.padStart(12)}${'cold import'.padStart(14)}${'(CPU)'.padStart(9)}`);
  for (const f of figures) {
    console.log(`  ${f.role.padEnd(10)}${kib(f.bytes).padStart(10)}${kib(f.gzipBytes).padStart(10)}${kib(f.mapBytes).padStart(12)}${`${f.loadMs.toFixed(0)} ms`.padStart(14)}${`${f.loadCpuMs.toFixed(0)} ms`.padStart(9)}`);
  }
  const largest = figures.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  console.log(`\n  What fills the largest (${largest.role}), from its source map:`);
  for (const [name, bytes] of largest.composition.slice(0, 16)) console.log(`    ${kib(bytes).padStart(8)}  ${name}`);
  console.log(`\n  budgets ${Object.entries(BUNDLE_BUDGET_KIB).map(([r, k]) => `${r} ${k}`).join(', ')} KiB (test/infra/bundle.test.ts); target ${(BUNDLE_TARGET_BYTES / 1000).toFixed(0)} KB (issue 11)`);
  console.log(`  (bundling and measuring took ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  console.log(`largest handler: ${(largest.bytes / 1024).toFixed(0)} KiB`);
}
