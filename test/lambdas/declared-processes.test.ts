import { describe, expect, it } from 'vitest';
import { createTickHandler } from '../../lambdas/tick.js';
import { reportActions } from '../../flows/nightly-report.js';
import { PROCESS_KIND } from '../../lib/engine/processes/runtime.js';
import type { ProcessDocument } from '../../lib/engine/processes/types.js';
import { context, testRuntime } from './support.js';

const declared = (title: string): ProcessDocument => ({
  name: 'declared', schedule: { cron: '0 3 * * *' },
  tasks: [{ name: 'extract', action: 'report.extract', params: { source: 'sales' } }, { name: 'report', action: 'report.summarize', params: { title }, after: ['extract'] }],
});
const invalid: ProcessDocument = { name: 'broken', tasks: [{ name: 'a', action: 'no.such.action' }] };

describe('processes declared in code, deployed', () => {
  it('are saved by the first tick of a container (invalid ones logged and skipped), once per container', async () => {
    let title = 'v1';
    const t = testRuntime([], { parts: { actions: reportActions, processes: () => [declared(title), invalid] } });
    const tick = createTickHandler(async () => t.runtime);
    await tick({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, context());
    const head = await t.store.definitionHead(PROCESS_KIND, 'declared');
    expect(head).toMatchObject({ version: 1, savedBy: 'flows/' });
    expect(await t.store.definitionHead(PROCESS_KIND, 'broken')).toBeUndefined();
    expect(await t.runtime.syncDeclaredProcesses()).toEqual([{ name: 'declared', saved: true }, { name: 'broken', saved: 'invalid' }]);

    // The same container does not save again, even when the declared document would differ (that takes a new container: a deploy).
    title = 'v2';
    await tick({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, context());
    expect((await t.store.definitionHead(PROCESS_KIND, 'declared'))!.version).toBe(1);
  });
});
