/**
 * Bundle sizes and cold module-load times of the handlers (`npm run bench:bundle`): synthesises
 * the stack with real bundling (exactly what `cdk deploy` uploads: lib/infra/handler-bundle.ts,
 * an entry `index.mjs` and chunks), then for each function reports
 * - the cold-start code: what the first invocation compiles before it runs anything of its
 *   own: the entry, the chunks it imports statically, and the chunk of the team's flows
 *   (imported by the first invocation) with its static imports. Chunks reached only through
 *   a dynamic `import()` (clients and routes some paths use) are left out: they load when a
 *   path needs them. Read from the files (their `import … from "./…"`), not from esbuild;
 * - everything the zip holds: all code, the source maps, other files (the API's dashboard),
 *   and the zip's size (each file deflated, as the asset zip is);
 * - what fills the cold-start code (bytes per package, from the files' own source maps);
 * - the median time a fresh Node process takes to import the cold-start code (the
 *   module-load part of a cold start; Lambda adds its own init on top), wall clock and CPU.
 * Runs on this machine's Node, not Lambda's arm64 runtime. The last line is
 * `largest handler: <N> KiB` (the largest cold-start code).
 *
 *   LOADS=10 npm run bench:bundle
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { automations } from '../flows/index.js';
import { HANDLER_FILE } from '../lib/infra/handler-bundle.js';
import { PACKAGE_ROOT } from '../lib/infra/paths.js';
import { synthesize } from '../lib/infra/synth.js';

process.env.CDK_VALIDATION ??= 'false';

/**
 * The most each handler's cold-start code may weigh (KiB, minified), checked by
 * test/infra/bundle.test.ts: today's figures plus about 3%, so a change that pulls a new
 * dependency into what a cold start loads fails the test; lower them as the handlers shrink.
 * Issue 11 asks for 400 KB; what stands between these figures and that is in
 * docs/architecture.md ("Measured").
 */
export const BUNDLE_BUDGET_KIB: Readonly<Record<string, number>> = { api: 605, webhook: 555, tick: 550, advance: 545, worker: 545, events: 550 };
export const budgetBytes = (role: string) => (BUNDLE_BUDGET_KIB[role] ?? 555) * 1024;
/** The issue's target, printed beside the figures. */
export const BUNDLE_TARGET_BYTES = 400 * 1000;

export interface BundleFigures {
  role: string;
  /** Minified bytes of the cold-start code (the entry, its static chunks, the flows chunk and its static chunks). */
  bytes: number;
  /** Those files, relative to the asset directory. */
  coldFiles: string[];
  /** gzip of the cold-start code (each file). */
  gzipBytes: number;
  /** All code in the zip (.mjs), all source maps, every other file (the API's dashboard). */
  codeBytes: number;
  codeFiles: number;
  mapBytes: number;
  otherBytes: number;
  /** The zip's size, approximately: each file deflated (level 9), without the zip headers. */
  zipBytes: number;
  /** Median wall-clock milliseconds of a fresh Node importing the cold-start code. */
  loadMs: number;
  /** Median CPU milliseconds (user + system) of that import: less sensitive to a busy machine. */
  loadCpuMs: number;
  /** Bytes of the cold-start code per package (or project folder), from the source maps, largest first. */
  composition: [string, number][];
  /** Bytes of all code in the zip per package, from the source maps, largest first. */
  zipComposition: [string, number][];
  /** The source files (relative to the package root) the cold-start code is built from, and those of all code in the zip. */
  coldSources: string[];
  zipSources: string[];
  /** Automation class names missing from the minified code (esbuild's keepNames keeps them as strings). */
  lostClassNames: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall and CPU milliseconds a fresh Node takes to import the files, in order (medians of `loads` processes). */
function loadTime(files: readonly string[], loads: number): { wall: number; cpu: number } {
  const imports = files.map((file) => `await import(${JSON.stringify(pathToFileURL(file).href)});`).join(' ');
  const script = `const c = process.cpuUsage(); const t = performance.now(); ${imports} const u = process.cpuUsage(c); process.stdout.write(JSON.stringify([performance.now() - t, (u.user + u.system) / 1000]));`;
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

/** Files of a directory, recursively, relative to it. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

/** The relative modules a file of the bundle imports statically (`import … from "./x.mjs"`, `import "./x.mjs"`; not `import("./x.mjs")`). */
export function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.mjs)["']/g)].map((m) => m[1]!);
}

/** The files `roots` load before running, in the asset directory: them and their static imports, transitively. */
export function staticClosure(dir: string, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(readFileSync(join(dir, file), 'utf8'))) visit(relative(dir, resolve(dirname(join(dir, file)), spec)));
  };
  roots.forEach(visit);
  return [...seen];
}

function sourceMap(dir: string, file: string): { sources: string[]; mappings: string } {
  const map = JSON.parse(readFileSync(join(dir, `${file}.map`), 'utf8')) as { sources: string[]; mappings: string };
  map.sources = map.sources.map((s) => relative(PACKAGE_ROOT, resolve(dirname(join(dir, file)), s)));
  return map;
}

function sum(entries: Iterable<[string, number][]>): [string, number][] {
  const totals = new Map<string, number>();
  for (const list of entries) for (const [name, bytes] of list) totals.set(name, (totals.get(name) ?? 0) + bytes);
  return [...totals].sort((a, b) => b[1] - a[1]);
}

export interface MeasureOptions {
  /** Fresh processes per bundle for the import time (0: not measured). */
  loads?: number;
  /** The flows entry the functions bundle (default: this repository's flows/index.ts). */
  flows?: string;
}

export function measureBundles({ loads = 10, flows = join(PACKAGE_ROOT, 'flows', 'index.ts') }: MeasureOptions = {}): BundleFigures[] {
  const outdir = mkdtempSync(join(tmpdir(), 'automations-bundle-'));
  try {
    const { template } = synthesize({ automations, bundle: true, outdir, flows });
    const flowsSource = relative(PACKAGE_ROOT, flows);
    const figures: BundleFigures[] = [];
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const props = resource.Properties as { Code: { S3Key: string }; Environment: { Variables: Record<string, string> } };
      const dir = join(outdir, `asset.${props.Code.S3Key.replace(/\.zip$/, '')}`);
      const files = filesOf(dir);
      const code = files.filter((f) => f.endsWith('.mjs'));
      const maps = new Map(code.map((f) => [f, sourceMap(dir, f)]));
      const read = (f: string) => readFileSync(join(dir, f));
      // the team's flows: the chunk whose source map names the flows entry (imported by the first invocation)
      const flowsChunks = code.filter((f) => maps.get(f)!.sources.includes(flowsSource));
      const cold = staticClosure(dir, [HANDLER_FILE, ...flowsChunks]);
      const compositionOf = (list: readonly string[]) => sum(list.map((f) => composition(read(f).toString('utf8'), maps.get(f)!)));
      const sourcesOf = (list: readonly string[]) => [...new Set(list.flatMap((f) => maps.get(f)!.sources))].sort();
      const bytesOf = (list: readonly string[]) => list.reduce((n, f) => n + read(f).length, 0);
      const load = loads > 0 ? loadTime([HANDLER_FILE, ...flowsChunks].map((f) => join(dir, f)), loads) : { wall: Number.NaN, cpu: Number.NaN };
      const allCode = code.map((f) => read(f).toString('utf8')).join('\n');
      figures.push({
        role: props.Environment.Variables.AUTOMATIONS_FUNCTION!,
        bytes: bytesOf(cold),
        coldFiles: cold,
        gzipBytes: cold.reduce((n, f) => n + gzipSync(read(f), { level: 9 }).length, 0),
        codeBytes: bytesOf(code),
        codeFiles: code.length,
        mapBytes: bytesOf(files.filter((f) => f.endsWith('.map'))),
        otherBytes: bytesOf(files.filter((f) => !f.endsWith('.mjs') && !f.endsWith('.map'))),
        zipBytes: files.reduce((n, f) => n + deflateRawSync(read(f), { level: 9 }).length, 0),
        loadMs: load.wall,
        loadCpuMs: load.cpu,
        composition: compositionOf(cold),
        zipComposition: compositionOf(code),
        coldSources: sourcesOf(cold),
        zipSources: sourcesOf(code),
        lostClassNames: automations.map((cls) => cls.name).filter((name) => !allCode.includes(`"${name}"`)),
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
  console.log(`\nHandler bundles (lib/infra/handler-bundle.ts: minified ESM split into an entry and chunks, AWS SDK bundled; Node ${process.version}, median of ${loads} cold imports)\n`);
  console.log('  cold start: what the first invocation compiles (entry + static chunks + the flows chunk); zip: everything deployed\n');
  console.log(`  ${''.padEnd(10)}${'--------- cold start ---------'.padStart(34)}    ${'------------------ zip ------------------'}`);
  console.log(`  ${'function'.padEnd(10)}${'code'.padStart(10)}${'gzip'.padStart(9)}${'import'.padStart(9)}${'(CPU)'.padStart(9)}    ${'code'.padStart(9)}${'files'.padStart(6)}${'maps'.padStart(10)}${'other'.padStart(9)}${'zip ≈'.padStart(9)}`);
  for (const f of figures) {
    console.log(`  ${f.role.padEnd(10)}${kib(f.bytes).padStart(10)}${kib(f.gzipBytes).padStart(9)}${`${f.loadMs.toFixed(0)} ms`.padStart(9)}${`${f.loadCpuMs.toFixed(0)} ms`.padStart(9)}    ${kib(f.codeBytes).padStart(9)}${String(f.codeFiles).padStart(6)}${kib(f.mapBytes).padStart(10)}${kib(f.otherBytes).padStart(9)}${kib(f.zipBytes).padStart(9)}`);
  }
  const largest = figures.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  console.log(`\n  What fills the largest cold start (${largest.role}), from its source maps:`);
  for (const [name, bytes] of largest.composition.slice(0, 16)) console.log(`    ${kib(bytes).padStart(8)}  ${name}`);
  const coldOwners = new Set(largest.composition.map(([name]) => name));
  const deferred = largest.zipComposition.map(([name, bytes]) => [name, bytes - (largest.composition.find(([n]) => n === name)?.[1] ?? 0)] as const).filter(([, bytes]) => bytes >= 4096).sort((a, b) => b[1] - a[1]);
  console.log(`\n  Loaded by ${largest.role} only when a path needs it (chunks behind a dynamic import()):`);
  for (const [name, bytes] of deferred.slice(0, 12)) console.log(`    ${kib(bytes).padStart(8)}  ${name}${coldOwners.has(name) ? ' (partly)' : ''}`);
  console.log(`\n  budgets (cold start) ${Object.entries(BUNDLE_BUDGET_KIB).map(([r, k]) => `${r} ${k}`).join(', ')} KiB (test/infra/bundle.test.ts); target ${(BUNDLE_TARGET_BYTES / 1000).toFixed(0)} KB (issue 11)`);
  console.log(`  (bundling and measuring took ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  console.log(`largest handler: ${(largest.bytes / 1024).toFixed(0)} KiB`);
}
