import { describe, expect, it } from 'vitest';
import { measureBundles } from '../../bench/bundle.js';

/**
 * The real bundles (esbuild through NodejsFunction, as `cdk deploy` uploads them): one per
 * function, each loads in a fresh Node process (ESM with the require shim for CommonJS
 * dependencies), stays well under Lambda's limits, and keeps class names (automation names
 * default to them).
 */
describe('handler bundles', () => {
  it('bundles every handler into a loadable, minified ESM file with a source map', () => {
    const figures = measureBundles(1);
    expect(figures.map((f) => f.role).sort()).toEqual(['advance', 'api', 'events', 'tick', 'webhook', 'worker']);
    for (const f of figures) {
      expect(f.bytes).toBeLessThan(3 * 1024 * 1024);
      expect(f.gzipBytes).toBeLessThan(f.bytes / 2);
      expect(f.mapBytes).toBeGreaterThan(0);
      expect(f.loadMs).toBeGreaterThan(0);
      expect(f.lostClassNames).toEqual([]); // keepNames: automation names default to class names
    }
  }, 120_000);
});
