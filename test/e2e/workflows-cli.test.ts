import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchaseRequestWorkflow } from '../../flows/workflows.js';
import { devAuthRoutes } from '../../lambdas/api/dev-auth-routes.js';
import { API_ROUTE_MODULES } from '../../lambdas/api/modules.js';
import { enableDevSignIn } from '../../lib/identity/dev.js';
import type { LocalStack } from '../../lib/local/stack.js';
import { cliAgainst, startTestStack } from './support.js';

/** The workflow CLI against the local stack (with development sign-in): apply, attach, decide as dev users, show, cleanup. */
describe('automations workflows / attachments / decide on the local stack', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    await enableDevSignIn(null);
    stack = await startTestStack({ routeModules: [...API_ROUTE_MODULES, devAuthRoutes] });
  });
  afterAll(async () => stack?.stop());

  it('applies (every problem listed), attaches as npm start prints, refuses the wrong user, approves as the right one, shows, cleans up', async () => {
    const { dir, lines, errText, cli } = cliAgainst(stack, 'workflows-cli-');

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, ['slug: cli-bad', 'tenant: acme', 'name: { en: Bad }', 'strategy: single', 'approvals:', '  - by: group', '    strategy: sometimes', ''].join('\n'));
    expect(await cli('workflows', 'apply', bad, '--tenant', 'acme')).toBe(2);
    const problems = errText.join('');
    expect(problems).toMatch(/^error 422 /);
    expect(problems).toMatch(/ {2}- approvals\[0\]\.group: /);
    expect(problems).toMatch(/ {2}- approvals\[0\]\.strategy: /);
    expect(await cli('workflows', 'show', 'cli-bad', '--tenant', 'acme')).toBe(2);

    const good = join(dir, 'purchase-request.json');
    writeFileSync(good, JSON.stringify(purchaseRequestWorkflow));
    expect(await cli('workflows', 'apply', good, '--tenant', 'acme')).toBe(0);
    expect(lines.at(-1)).toBe('purchase-request: saved version 1 (tenant acme)');
    expect(await cli('workflows', 'list', '--tenant', 'acme')).toBe(0);
    expect(lines.at(-1)).toMatch(/^purchase-request {2}v1 {2}stages/);
    expect(await cli('workflows', 'list')).toBe(0); // the default tenant has none
    expect(lines.at(-1)).toBe('No workflows.');
    expect(await cli('workflows', 'show', 'purchase-request', '--tenant', 'acme')).toBe(0);
    expect(lines.at(-1)).toMatch(/stage {3}budget-approval — Budget Approval: budget-managers/);

    // the line npm start prints (lib/local/start.ts), plus metadata
    expect(await cli('workflows', 'attach', 'purchase-request', '--type', 'PurchaseRequest', '--id', 'PR-1042', '--tenant', 'acme', '--metadata', '{"amount":1250}', '--json')).toBe(0);
    const attached = JSON.parse(lines.at(-1)!);
    expect(attached).toMatchObject({ status: 'inProgress', object: { type: 'PurchaseRequest', id: 'PR-1042' }, metadata: { amount: 1250 }, currentStage: { id: 'initial-review' } });
    const reviewer: string = attached.waitingFor.items[0].user;
    expect(['fatima', 'farid']).toContain(reviewer);
    expect(await cli('workflows', 'attach', 'purchase-request', '--type', 'PurchaseRequest', '--id', 'PR-1042', '--tenant', 'acme')).toBe(2);
    expect(errText.join('')).toMatch(/error 409 /);

    // carol is no approver: 403, nothing changes
    expect(await cli('decide', attached.id, 'approve', '--user', 'carol')).toBe(2);
    expect(errText.join('')).toMatch(/error 403 /);
    expect(await cli('decide', attached.id, 'maybe', '--user', reviewer)).toBe(1);
    expect(await cli('decide', attached.id, 'approve', '--user', reviewer)).toBe(0); // a checkIn step: the first approval checks in
    expect(lines.at(-1)).toMatch(/^approve: checkedIn\n[\s\S]*stage initial-review/);
    expect(await cli('decide', attached.id, 'approve', '--user', reviewer)).toBe(0);
    expect(lines.at(-1)).toMatch(/stage budget-approval/);

    // omar must give the budget form's values: every missing field named
    expect(await cli('decide', attached.id, 'approve', '--user', 'omar', '--values', '{"budgetCode":"X"}')).toBe(2);
    expect(errText.join('')).toMatch(/error 422 [\s\S]*approvedAmount/);
    expect(await cli('decide', attached.id, 'reject', '--user', 'omar', '--reason', 'over budget')).toBe(0);

    expect(await cli('attachments', 'show', attached.id, '--tenant', 'acme')).toBe(0);
    const shown = lines.at(-1)!;
    expect(shown).toMatch(/PurchaseRequest PR-1042: rejected/);
    expect(shown).toMatch(new RegExp(`checkedIn +initial-review\\S* by ${reviewer}`));
    expect(shown).toMatch(new RegExp(`approved +initial-review\\S* by ${reviewer}`));
    expect(shown).toMatch(/rejected +budget-approval\S* by omar "over budget"/);
    expect(await cli('attachments', 'list', '--status', 'rejected', '--tenant', 'acme')).toBe(0);
    expect(lines.at(-1)).toContain(attached.id);

    expect(await cli('workflows', 'cleanup', '--stats', '--tenant', 'acme', '--json')).toBe(0);
    expect(JSON.parse(lines.at(-1)!).byStatus).toMatchObject({ rejected: 1, inProgress: 0 });
    expect(await cli('workflows', 'cleanup', '--days', '0', '--status', 'rejected', '--dry-run', '--tenant', 'acme')).toBe(0);
    expect(lines.at(-1)).toMatch(/^Would delete 1 attachment finished more than 0 days ago/);
    expect(await cli('workflows', 'cleanup', '--days', '0', '--tenant', 'acme')).toBe(0);
    expect(lines.at(-1)).toMatch(/^Deleted 1 attachment /);
    expect(await cli('workflows', 'cleanup', '--stats', '--tenant', 'acme')).toBe(0);
    expect(lines.at(-1)).toMatch(/rejected 0/);
    expect(await cli('attachments', 'show', attached.id, '--tenant', 'acme')).toBe(2);

    // attach now, start later: --no-start, then attachments start (a second start is a 409)
    expect(await cli('workflows', 'attach', 'purchase-request', '--type', 'PurchaseRequest', '--id', 'PR-2001', '--tenant', 'acme', '--no-start')).toBe(0);
    const later = lines.at(-1)!;
    expect(later).toMatch(/PurchaseRequest PR-2001: attached\n {2}attached {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(not started\) by operator/);
    const laterId = later.split(' ')[0]!;
    expect(await cli('attachments', 'start', laterId, '--tenant', 'acme', '--json')).toBe(0);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ status: 'inProgress', startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), currentStage: { id: 'initial-review' } });
    expect(await cli('attachments', 'start', laterId, '--tenant', 'acme')).toBe(2);
    expect(errText.join('')).toMatch(/error 409 [^\n]*already started/);
  });
});
