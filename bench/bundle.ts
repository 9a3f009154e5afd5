/**
 * Bundle sizes and cold module-load times of the handlers (`npm run bench:bundle`): synthesises
 * the stack with real esbuild bundling (exactly what `cdk deploy` uploads), then for each
 * function reports the bundle, its gzip size (≈ the deployment zip), the source map, and the
 * median time a fresh Node process takes to import it (the module-load part of a cold start;
 * Lambda adds its own init on top). Runs on this machine's Node, not Lambda's arm64 runtime.
 *
 *   LOADS=5 npm run bench:bundle
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { automations } from '../flows/index.js';
import { synthesize } from '../lib/infra/synth.js';

process.env.CDK_VALIDATION ??= 'false';

export interface BundleFigures {
  role: string;
  bytes: number;
  gzipBytes: number;
  mapBytes: number;
  loadMs: number;
  /** Automation class names missing from the minified bundle (esbuild's keepNames keeps them as strings). */
  lostClassNames: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds a fresh Node takes to import the bundle (median of `loads` processes). */
function loadTime(file: string, loads: number): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < loads; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_METRICS_DISABLED: 'true' },
      encoding: 'utf8',
    });
    times.push(Number(out));
  }
  return median(times);
}

export function measureBundles(loads = 5): BundleFigures[] {
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
      figures.push({
        role: props.Environment.Variables.AUTOMATIONS_FUNCTION!,
        bytes: code.length,
        gzipBytes: gzipSync(code, { level: 9 }).length,
        mapBytes: statSync(`${file}.map`).size,
        loadMs: loadTime(file, loads),
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
  const loads = Number(process.env.LOADS ?? 5);
  const started = Date.now();
  const figures = measureBundles(loads);
  console.log(`\nHandler bundles (esbuild: minified ESM, tree-shaken, AWS SDK bundled; Node ${process.version}, median of ${loads} cold imports)\n`);
  console.log(`  ${'function'.padEnd(10)}${'bundle'.padStart(10)}${'gzip'.padStart(10)}${'source map'.padStart(12)}${'cold import'.padStart(14)}`);
  for (const f of figures) {
    console.log(`  ${f.role.padEnd(10)}${kib(f.bytes).padStart(10)}${kib(f.gzipBytes).padStart(10)}${kib(f.mapBytes).padStart(12)}${`${f.loadMs.toFixed(0)} ms`.padStart(14)}`);
  }
  console.log(`\n  (bundling and measuring took ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
