import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeManifestSource } from '../../lib/infra/write-route-manifest.js';

describe('the route manifest lib/infra reads instead of the handlers', () => {
  it('is what the route modules say (regenerate: npm run routes)', () => {
    const committed = readFileSync(new URL('../../lib/infra/route-manifest.ts', import.meta.url), 'utf8');
    expect(committed).toBe(routeManifestSource());
  });
});
