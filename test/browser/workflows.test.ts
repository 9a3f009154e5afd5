import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { purchaseRequestWorkflow } from '../../flows/workflows.js';
import type { Identity } from '../../lib/engine/identity.js';
import { DEV_USERS } from '../../lib/identity/dev.js';
import { launchChromium, shot, startDashboardServer, type DashboardServer, signInAs } from './support.js';

/**
 * The approval-workflow pages in real headless Chromium, on the workflow routes: the example
 * purchase request (flows/workflows.ts) taken through Finance and Management by the development
 * users, a rejection with a reason, a delegation through the picker, the designer refusing a
 * bad definition with inline errors, and the Arabic page right to left.
 */
let browser: Browser;
let server: DashboardServer;
const contexts: BrowserContext[] = [];
const as = (id: string): Identity => ({ id, tenant: 'acme', groups: DEV_USERS.find((u) => u.id === id)?.groups ?? [] });
const service = () => server.workflows!.service;

const signIn = (user: string): Promise<Page> => signInAs(browser, server.url, contexts, user);

/** The user whose turn it is (round robin) or the only named holder of the open step. */
async function holder(id: string): Promise<string> {
  const view = await service().view(as('admin'), id);
  return view.waitingFor!.items[0]!.user!;
}

/** Opens the user's inbox item for the step and waits for the decision panel. */
async function openItem(page: Page, step: string): Promise<void> {
  await page.goto(`${server.url}/#/tasks`);
  await page.getByRole('link', { name: new RegExp(step) }).first().click();
  await page.getByRole('heading', { name: 'Your decision' }).waitFor();
}

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startDashboardServer([], { workflows: true })]);
  await server.workflows!.service.upsert(purchaseRequestWorkflow);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

describe('approval workflows in the dashboard (headless Chromium)', () => {
  it('refuses a bad definition with each problem next to its field, then saves a version', async () => {
    const admin = await signIn('Admin');
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workflows' }).click();
    await admin.getByRole('link', { name: 'New workflow' }).click();
    await admin.locator('[data-path="slug"]').fill('office-chairs');
    await admin.locator('[data-path="name.en"]').fill('Office chairs');
    await admin.locator('[data-path="pipelines[0].stages[0].remindAfter"]').fill('soon');
    await admin.getByRole('button', { name: 'Save workflow' }).click();

    const groupError = admin.locator('[data-error-for="pipelines[0].stages[0].approvals[0].group"]');
    await groupError.waitFor();
    expect(await groupError.textContent()).toMatch(/group is required/);
    expect(await admin.locator('[data-path="pipelines[0].stages[0].approvals[0].group"]').getAttribute('aria-invalid')).toBe('true');
    expect(await admin.locator('[data-error-for="pipelines[0].stages[0].remindAfter"]').isVisible()).toBe(true);
    expect(await admin.getByRole('alert').filter({ hasText: 'The workflow was not saved' }).count()).toBe(1);
    await shot(admin, 'workflow-designer-invalid');
    expect((await service().list(as('admin'))).map((w) => w.slug)).not.toContain('office-chairs');

    await admin.locator('[data-path="pipelines[0].stages[0].approvals[0].group"]').fill('budget-managers');
    await admin.locator('[data-path="pipelines[0].stages[0].remindAfter"]').fill('2d');
    await admin.getByRole('button', { name: 'Save workflow' }).click();
    await admin.getByTestId('flash').filter({ hasText: 'Saved version 1' }).waitFor();
    expect(await admin.getByRole('list', { name: 'Versions' }).getByRole('listitem').allTextContents()).toEqual(['Version 1 (head)']);
    await admin.locator('[data-path="description"]').fill('Chairs for the office');
    await admin.getByRole('button', { name: 'Save workflow' }).click();
    await admin.getByTestId('flash').filter({ hasText: 'Saved version 2' }).waitFor();
    expect(await admin.getByRole('list', { name: 'Versions' }).getByRole('listitem').allTextContents()).toEqual(['Version 2 (head)', 'Version 1']);
    await shot(admin, 'workflow-designer-saved');
  });

  let prId: string;

  it('takes a purchase request through Finance and Management: check-in, a form, a delegation through the picker, `all`', { timeout: 90_000 }, async () => {
    const rita = await signIn('Rita');
    await rita.goto(`${server.url}/#/workflows/purchase-request`);
    await rita.getByText('Start on an object').click();
    await rita.getByLabel('Object id').fill('PR-1042');
    await rita.getByLabel('Metadata (JSON)').fill('{"title": "<img src=x onerror=\\"window.__xss=1\\">Laptops", "amount": 4200}');
    await rita.getByRole('button', { name: 'Start workflow' }).click();
    await rita.getByRole('heading', { name: 'PurchaseRequest PR-1042' }).waitFor();
    prId = decodeURIComponent(rita.url().split('#/attachments/')[1]!);
    expect(await rita.locator('[aria-current="step"]').getAttribute('data-unit')).toBe('initial-review');
    expect(await rita.getByTestId('metadata').textContent()).toContain('<img src=x');
    expect(await rita.evaluate('typeof window.__xss')).toBe('undefined');
    await shot(rita, 'workflow-attachment-started');

    // Initial Review: round robin between the finance reviewers, a check-in then an approval.
    const reviewerId = await holder(prId);
    expect(['fatima', 'farid']).toContain(reviewerId);
    const reviewer = await signIn(reviewerId);
    await openItem(reviewer, 'Initial Review');
    await reviewer.getByRole('button', { name: 'Approve' }).click();
    await reviewer.getByTestId('flash').filter({ hasText: 'Checked in' }).waitFor();
    await openItem(reviewer, 'Initial Review');
    await reviewer.getByRole('button', { name: 'Approve' }).click();
    await reviewer.getByTestId('flash').filter({ hasText: 'Approved' }).waitFor();
    expect(await reviewer.locator('[aria-current="step"]').getAttribute('data-unit')).toBe('budget-approval');

    // Budget Approval: the step's form; the server's field errors inline, then accepted.
    const omar = await signIn('Omar');
    await openItem(omar, 'Budget Approval');
    await omar.getByLabel('Budget code').fill('AB');
    await omar.getByLabel('Approved amount').fill('-5');
    await omar.getByRole('button', { name: 'Approve' }).click();
    await omar.locator('#error-budgetCode').waitFor({ state: 'visible' });
    expect(await omar.locator('#field-budgetCode').getAttribute('aria-invalid')).toBe('true');
    expect(await omar.getByRole('alert').filter({ hasText: '422' }).count()).toBe(1);
    await shot(omar, 'workflow-form-invalid');
    await omar.getByLabel('Budget code').fill('IT-2026');
    await omar.getByLabel('Approved amount').fill('4200');
    await omar.getByRole('button', { name: 'Approve' }).click();
    await omar.getByTestId('flash').filter({ hasText: 'Approved' }).waitFor();

    const cora = await signIn('Cora');
    await openItem(cora, 'Final Sign-off');
    await cora.getByRole('button', { name: 'Approve' }).click();
    await cora.getByTestId('flash').waitFor();
    expect(await cora.locator('[aria-current="step"]').getAttribute('data-unit')).toBe('executive-approval');
    expect(await cora.locator('.stepper-pipeline[data-pipeline="finance"] .step-done').count()).toBe(3);

    // Management (all): Eve delegates to Cora through the picker; Cora and Ethan approve.
    const eve = await signIn('Eve');
    await openItem(eve, 'Executive Approval');
    await eve.getByRole('button', { name: 'Delegate' }).click();
    const dialog = eve.getByRole('dialog', { name: 'Delegate' });
    await dialog.getByLabel('Find a user').fill('cor');
    await expect.poll(() => dialog.getByRole('radio').count()).toBe(1);
    await dialog.getByRole('radio', { name: /Cora/ }).check();
    await shot(eve, 'workflow-delegate-picker');
    await dialog.getByRole('button', { name: 'Delegate' }).click();
    await eve.getByTestId('flash').filter({ hasText: 'Delegated to cora' }).waitFor();

    await openItem(cora, 'Executive Approval');
    await cora.getByRole('button', { name: 'Approve' }).click();
    await cora.getByTestId('flash').waitFor();
    const ethan = await signIn('Ethan');
    await openItem(ethan, 'Executive Approval');
    await ethan.getByRole('button', { name: 'Approve' }).click();
    await ethan.getByTestId('flash').waitFor();
    await ethan.locator('[data-status="completed"]').first().waitFor();
    expect(await ethan.locator('.step-done').count()).toBe(4);
    const types = await ethan.locator('.wf-timeline li').evaluateAll((items) => items.map((li) => li.getAttribute('data-type')));
    expect(types).toEqual(expect.arrayContaining(['started', 'checkedIn', 'delegated', 'completed']));
    await shot(ethan, 'workflow-attachment-completed');

    const view = await service().view(as('admin'), prId);
    expect(view.status).toBe('completed');
    expect(Object.entries(view.values)).toContainEqual([expect.stringMatching(/^budget-approval/), { budgetCode: 'IT-2026', approvedAmount: 4200 }]);
    expect(view.timeline.find((t) => t.type === 'delegated')).toMatchObject({ by: 'eve', to: 'cora' });
  });

  it('rejects with a required reason, and shows the server refusing a decision on a closed step', async () => {
    const started = await service().attach(as('rita'), 'purchase-request', { object: { type: 'PurchaseRequest', id: 'PR-2001' }, metadata: { amount: 90_000 } });
    const reviewer = await signIn(await holder(started.id));
    await openItem(reviewer, 'Initial Review');
    const itemUrl = reviewer.url();
    await reviewer.getByRole('button', { name: 'Reject' }).click();
    const dialog = reviewer.getByRole('dialog', { name: 'Reject' });
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await dialog.getByText('A reason is required.').waitFor();
    expect(await dialog.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');
    expect((await service().view(as('admin'), started.id)).status).toBe('inProgress');
    await dialog.getByLabel('Reason').fill('Over the quarterly budget <b>by far</b>');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await reviewer.getByTestId('flash').filter({ hasText: 'Rejected' }).waitFor();
    await reviewer.locator('[data-status="rejected"]').first().waitFor();
    expect(await reviewer.locator('.wf-timeline blockquote.reason').textContent()).toBe('Over the quarterly budget <b>by far</b>');
    await shot(reviewer, 'workflow-rejected');

    // The same inbox link, now stale: the step is closed; the page says so instead of offering buttons.
    await reviewer.goto(itemUrl);
    await reviewer.reload();
    await reviewer.getByRole('heading', { name: 'Your decision' }).waitFor({ state: 'detached' }).catch(() => undefined);
    expect(await reviewer.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    const view = await service().view(as('admin'), started.id);
    expect(view).toMatchObject({ status: 'rejected', finishedBy: expect.any(String) });
  });

  it('refuses a decision by someone who is not an approver (403 shown)', async () => {
    const started = await service().attach(as('rita'), 'purchase-request', { object: { type: 'PurchaseRequest', id: 'PR-3001' } });
    const omar = await signIn('Omar');
    // Omar is not a finance reviewer: the item is not his; the server's refusal is what he sees.
    const item = (await server.runtime.engine.tasksFor(as('farid'))).items.find((t) => t.instanceId === started.id) ?? (await server.runtime.engine.tasksFor(as('fatima'))).items.find((t) => t.instanceId === started.id)!;
    await omar.goto(`${server.url}/#/approvals/${encodeURIComponent(started.id)}/${item.task}`);
    await omar.getByRole('alert').first().waitFor();
    expect(await omar.getByRole('alert').first().textContent()).toMatch(/^403 Not allowed/);
    expect(await omar.getByRole('button', { name: 'Approve' }).count()).toBe(0);
  });

  it('lists attachments with progress, gives statistics, and renders Arabic right to left', async () => {
    const rita = await signIn('Rita');
    await rita.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Attachments' }).click();
    const row = rita.locator(`tr[data-attachment="${prId}"]`);
    await row.waitFor();
    expect(await row.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await rita.locator('tr[data-attachment]').count()).toBe(3);
    await shot(rita, 'workflow-attachments');

    await rita.goto(`${server.url}/#/workflow-stats`);
    await rita.getByRole('heading', { name: 'Workflow statistics' }).waitFor();
    expect(await rita.locator('tr[data-status="completed"] td').first().textContent()).toBe('1');
    expect(await rita.locator('tr[data-status="rejected"] td').first().textContent()).toBe('1');
    expect(await rita.locator('tr[data-status="inProgress"] td').first().textContent()).toBe('1');

    await rita.goto(`${server.url}/#/attachments/${encodeURIComponent(prId)}`);
    await rita.getByLabel('Language').selectOption('ar');
    await rita.locator('html[dir="rtl"]').waitFor({ state: 'attached' });
    expect(await rita.evaluate('document.documentElement.lang')).toBe('ar');
    await rita.getByText('موافقة الشراء').first().waitFor();
    expect(await rita.locator('.stepper').textContent()).toContain('المراجعة الأولية');
    expect(await rita.locator('.stepper').textContent()).toContain('الإدارة');
    // Right to left: the first pipeline sits to the right of the second.
    const [first, second] = await rita.locator('.stepper-pipeline').evaluateAll((els) => els.map((e) => (e as unknown as { getBoundingClientRect(): { x: number } }).getBoundingClientRect().x));
    expect(first!).toBeGreaterThan(second!);
    // the pages' own labels too, not only the names from the definition
    expect(await rita.getByRole('heading', { level: 2 }).allTextContents()).toEqual(expect.arrayContaining(['من عليه الإجراء', 'السجل الزمني', 'التفاصيل']));
    expect(await rita.locator('.status[data-status="completed"]').first().textContent()).toBe('مكتمل');
    expect(await rita.locator('.wf-timeline li[data-type="started"] .node').textContent()).toBe('البدء');
    expect(await rita.locator('#nav a').allTextContents()).toEqual(expect.arrayContaining(['مهامي', 'سير العمل']));
    await shot(rita, 'workflow-attachment-arabic');
    await rita.goto(`${server.url}/#/attachments`);
    await rita.getByRole('heading', { name: 'المرفقات' }).waitFor();
    expect(await rita.getByRole('columnheader').allTextContents()).toContain('التقدم');
    await rita.getByLabel('Language').selectOption('en');
    await rita.locator('html[dir="ltr"]').waitFor({ state: 'attached' });
    await rita.getByRole('heading', { name: 'Attachments' }).waitFor();
  });

  it('attach now, start later: an attached attachment shows a Start button that opens its first step', async () => {
    const a = await service().attach(as('rita'), 'purchase-request', { object: { type: 'PurchaseRequest', id: 'PR-LATER' }, start: false });
    const rita = await signIn('Rita');
    await rita.goto(`${server.url}/#/attachments/${encodeURIComponent(a.id)}`);
    await rita.getByTestId('start-panel').waitFor();
    expect(await rita.locator('.status').first().getAttribute('data-status')).toBe('attached');
    await rita.getByTestId('start-attachment').click();
    await rita.locator('.status[data-status="inProgress"]').first().waitFor();
    expect(await rita.getByTestId('start-panel').count()).toBe(0);
    expect(await rita.getByTestId('who-must-act').textContent()).toMatch(/fatima|farid/);
    expect((await service().view(as('rita'), a.id)).status).toBe('inProgress');
    await service().cancel(as('rita'), a.id, 'test done');
  });

  it('edits auto-start rules in the designer: the server\'s refusals inline, then a saved version', async () => {
    const admin = await signIn('Admin');
    await admin.goto(`${server.url}/#/workflows/purchase-request`);
    const editor = admin.getByTestId('autostart-editor');
    await editor.waitFor();
    await editor.locator('#autostart-type').fill('OfficeOrder');
    await editor.getByTestId('load-rules').click(); // none yet (404): an empty editor
    expect(await editor.getByTestId('autostart-loaded').textContent()).toMatch(/No rules yet/); // the editor is inert until then
    await editor.getByTestId('add-field').click();
    await editor.locator('[data-as-path="fields."]').fill('amount');
    await editor.getByTestId('add-rule').click();
    await editor.getByTestId('add-condition-0').click();
    await editor.locator('[data-as-path="rules[0].conditions[0].field"]').fill('amont');
    await editor.locator('[data-as-path="rules[0].conditions[0].op"]').selectOption('gt');
    await editor.locator('[data-as-path="rules[0].conditions[0].value"]').fill('1000');
    await editor.getByTestId('save-rules').click();
    const fieldError = editor.locator('[data-as-error-for="rules[0].conditions[0].field"]');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toMatch(/amont/);
    expect(await editor.locator('[data-as-path="rules[0].conditions[0].field"]').getAttribute('aria-invalid')).toBe('true');
    expect(await editor.getByRole('alert').filter({ hasText: 'The rules were not saved' }).count()).toBe(1);
    expect(await server.workflows!.autostart.get(as('admin'), 'OfficeOrder')).toBeUndefined();
    await shot(admin, 'workflow-autostart-invalid');

    await editor.locator('[data-as-path="rules[0].conditions[0].field"]').fill('amount');
    await editor.getByTestId('save-rules').click();
    await editor.getByTestId('autostart-saved').filter({ hasText: 'version 1' }).waitFor();
    const saved = await server.workflows!.autostart.get(as('admin'), 'OfficeOrder');
    expect(saved?.document).toMatchObject({ fields: { amount: 'number' }, rules: [{ workflow: 'purchase-request', conditions: [{ field: 'amount', op: 'gt', value: 1000 }] }] });
    // loading shows what is saved
    await admin.reload();
    await editor.locator('#autostart-type').fill('OfficeOrder');
    await editor.getByTestId('load-rules').click();
    await editor.locator('[data-as-path="rules[0].conditions[0].value"]').waitFor();
    expect(await editor.locator('[data-as-path="rules[0].conditions[0].value"]').inputValue()).toBe('1000');
  });
});
