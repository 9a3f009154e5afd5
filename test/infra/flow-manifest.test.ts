import { describe, expect, it } from 'vitest';
import { automations } from '../../flows/index.js';
import { flowManifest } from '../../lib/infra/flow-manifest.js';
import { loadFlowManifest } from '../../lib/infra/load-flow-manifest.js';

describe('what the construct reads from a flows file', () => {
  it('is what the classes say: the triggers and the Form groups', () => {
    const fromFile = loadFlowManifest('flows/index.ts');
    expect(fromFile).toEqual(flowManifest(automations));
    expect(fromFile.triggers.map((t) => t.id)).toEqual(['DailyDigest.article']);
    expect(fromFile.formGroups).toEqual(['Moderators', 'approvers']);
  });

  it('names the file when it does not export automations', () => {
    expect(() => loadFlowManifest('flows/workflows.ts')).toThrow(/flows\/workflows\.ts: .*does not export an array named automations/);
  });
});
