import { describe, expect, it } from 'vitest';
import { budgetBytes, composition, measureBundles, type BundleFigures } from '../../bench/bundle.js';

/**
 * The real bundles (esbuild through NodejsFunction, as `cdk deploy` uploads them, built once
 * for the whole file): one per function, each loads in a fresh Node process (ESM with the
 * require shim for CommonJS dependencies), weighs no more than its budget, keeps class names
 * (automation names default to them), and leaves out what Lambda never runs.
 */
describe('handler bundles', () => {
  let built: BundleFigures[] | undefined;
  const figures = () => (built ??= measureBundles({ loads: 1 }));

  it('bundles every handler into a loadable, minified ESM file with a source map', () => {
    expect(figures().map((f) => f.role).sort()).toEqual(['advance', 'api', 'events', 'tick', 'webhook', 'worker']);
    for (const f of figures()) {
      expect(f.gzipBytes).toBeLessThan(f.bytes / 2);
      expect(f.mapBytes).toBeGreaterThan(0);
      expect(f.loadMs).toBeGreaterThan(0);
      expect(f.lostClassNames).toEqual([]); // keepNames: automation names default to class names
    }
  }, 180_000);

  it('keeps every handler within the bundle budget', () => {
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
});

describe('bundle composition from a source map', () => {
  it('attributes each mapped span to the package or folder of its source', () => {
    // "AAAA" maps column 0 to source 0; "GAAC" (column +3) to source 1; the second line to source 1 again.
    const code = 'abcdef\nxy';
    const map = { sources: ['node_modules/zod/v4/core/schemas.js', 'lib/engine/engine.ts'], mappings: 'AAAA,GCAA;AAAA' };
    expect(composition(code, map)).toEqual([['lib/engine', 6], ['zod', 3]]); // def + newline + xy; abc
  });
});
