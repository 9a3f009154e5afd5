import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { budgetBytes, composition, measureBundles, staticImports, type BundleFigures } from '../../bench/bundle.js';
import { bundleHandler, ON_DEMAND_RUNTIME_MODULES, runtimesInColdStart } from '../../lib/infra/handler-bundle.js';

/**
 * The real bundles (lib/infra/handler-bundle.ts through the stack's assets, as `cdk deploy`
 * uploads them, built once for the whole file): one per function, each loads in a fresh Node
 * process (ESM with the require shim for CommonJS dependencies), its cold-start code weighs
 * no more than its budget, keeps class names (automation names default to them), leaves out
 * what Lambda never runs, and leaves what only some paths use to chunks loaded on demand.
 */
describe('handler bundles', () => {
  let built: BundleFigures[] | undefined;
  const figures = () => (built ??= measureBundles({ loads: 1 }));

  it('bundles every handler into a loadable, minified ESM entry and chunks with source maps', () => {
    expect(figures().map((f) => f.role).sort()).toEqual(['advance', 'api', 'events', 'tick', 'webhook', 'worker']);
    for (const f of figures()) {
      expect(f.coldFiles[0]).toBe('index.mjs');
      expect(f.coldFiles.some((file) => file.startsWith('chunks/flows-')), `${f.role}: the flows chunk`).toBe(true);
      expect(f.codeBytes).toBeGreaterThan(f.bytes); // chunks loaded on demand
      expect(f.gzipBytes).toBeLessThan(f.bytes / 2);
      expect(f.mapBytes).toBeGreaterThan(0);
      expect(f.loadMs).toBeGreaterThan(0);
      expect(f.lostClassNames).toEqual([]); // keepNames: automation names default to class names
    }
  }, 180_000);

  it('keeps every handler\'s cold-start code within its budget', () => {
    const over = figures().filter((f) => f.bytes > budgetBytes(f.role)).map((f) => `${f.role}: ${f.bytes} bytes > ${budgetBytes(f.role)}`);
    expect(over, 'BUNDLE_BUDGET_KIB in bench/bundle.ts').toEqual([]);
  }, 180_000);

  it('leaves the default credential chain and the X-Ray SDK out of the Lambda bundles', () => {
    for (const f of figures()) {
      const owners = new Set(f.composition.map(([name]) => name));
      for (const absent of ['aws-xray-sdk-core', '@aws-sdk/credential-provider-node', '@aws-sdk/credential-provider-ini', '@aws-sdk/nested-clients']) {
        expect(owners.has(absent), `${f.role} carries ${absent}`).toBe(false);
      }
      expect(owners.has('@aws-sdk/client-dynamodb')).toBe(true);
    }
  }, 180_000);

  it('loads the clients only some paths use on demand: in the zip, not in the cold-start code', () => {
    const onDemand = ['@aws-sdk/client-lambda', '@aws-sdk/client-sqs', '@aws-sdk/client-sfn', '@aws-sdk/client-sesv2', '@aws-sdk/client-cognito-identity-provider', '@aws-sdk/client-eventbridge'];
    for (const f of figures()) {
      const cold = new Set(f.composition.map(([name]) => name));
      const zip = new Set(f.zipComposition.map(([name]) => name));
      for (const pkg of onDemand) {
        expect(cold.has(pkg), `${f.role} loads ${pkg} at a cold start`).toBe(false);
        expect(zip.has(pkg), `${f.role} ships ${pkg}`).toBe(true);
      }
    }
    const api = figures().find((f) => f.role === 'api')!;
    expect(api.composition.some(([name]) => name === 'jose')).toBe(false); // user tokens: verified by routes that need them
    expect(api.zipComposition.some(([name]) => name === 'jose')).toBe(true);
  }, 180_000);

  it('builds the process and workflow runtimes on first use, and the API imports their route groups on first request: in the zip, not in the cold-start code', () => {
    const runtimes = ON_DEMAND_RUNTIME_MODULES.map((module) => `${module}.ts`);
    for (const f of figures()) {
      const onDemand = f.role === 'api' ? [...runtimes, 'lambdas/api/process-routes.ts', 'lambdas/api/workflow-routes.ts'] : runtimes;
      for (const source of onDemand) {
        expect(f.coldSources, `${f.role} compiles ${source} at a cold start`).not.toContain(source);
        expect(f.zipSources, `${f.role} ships ${source}`).toContain(source);
      }
      expect(f.coldSources).toContain('lib/engine/engine.ts');
    }
  }, 180_000);
});

describe('static imports of a bundle file', () => {
  it('finds `import … from` and bare imports of relative files, not dynamic import()', () => {
    const code = 'import{createRequire as r}from"node:module";import{a as b}from"./chunks/chunk-A.mjs";import"./chunks/chunk-B.mjs";export{c}from"../chunk-C.mjs";const d=()=>import("./chunks/lazy-D.mjs");';
    expect(staticImports(code)).toEqual(['./chunks/chunk-A.mjs', './chunks/chunk-B.mjs', '../chunk-C.mjs']);
  });
});

describe('bundle composition from a source map', () => {
  it('attributes each mapped span to the package or folder of its source', () => {
    // "AAAA" maps column 0 to source 0; "GAAC" (column +3) to source 1; the second line to source 1 again.
    const code = 'abcdef\nxy';
    const map = { sources: ['node_modules/zod/v4/core/schemas.js', 'lib/engine/engine.ts'], mappings: 'AAAA,GCAA;AAAA' };
    expect(composition(code, map)).toEqual([['lib/engine', 6], ['zod', 3]]); // def + newline + xy; abc
  });

  it('tells from esbuild\'s metafile whether flows pull the runtimes into the cold start (what the construct warns about at synth)', () => {
    const root = resolve(import.meta.dirname, '../..');
    const eagerModules = (flows: string) => {
      const out = mkdtempSync(join(tmpdir(), 'cold-start-'));
      try {
        return runtimesInColdStart(bundleHandler({ entry: join(root, 'lambdas/advance.ts'), flowsFile: join(root, flows), workingDir: root }, out), flows);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    };
    expect(eagerModules('flows/index.ts')).toEqual([]); // the authoring entry
    // one import through the main entry: the engine's process and workflow runtimes come with it
    const eager = eagerModules('test/infra/fixtures/flows-main-entry.ts');
    expect(eager).toEqual(expect.arrayContaining(['lib/engine/processes/runtime', 'lib/engine/processes/service', 'lib/engine/workflows/runtime', 'lib/engine/workflows/service', 'lib/engine/nodes/approval']));
    expect(eager.every((m) => (ON_DEMAND_RUNTIME_MODULES as readonly string[]).includes(m))).toBe(true);
  }, 60_000);
});
