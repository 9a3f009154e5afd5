import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as z from 'zod';
import { reportActions } from '../../flows/nightly-report.js';
import { defineAction, type ActionDefinition } from '../../lib/engine/actions/registry.js';
import { PROCESS_KIND } from '../../lib/engine/processes/runtime.js';
import { launchChromium, shot, startDashboardServer, type DashboardServer, signInAs } from './support.js';

/**
 * Processes in the dashboard, in real headless Chromium: the editor (a refused save with the
 * problems next to their fields, the schedule preview, parents picked from the other tasks),
 * running the process, watching the job finish, reopening a task and seeing the cascade, and
 * a failed task with its error and only the legal buttons. Background task runs are drained by
 * the test (as the worker would run them), so each intermediate state can be seen.
 */
const failing = defineAction({
  name: 'test.fail',
  params: z.object({}).strict(),
  async run() {
    throw new Error('the <b>warehouse</b> is closed');
  },
}) as ActionDefinition<unknown>;

let browser: Browser;
let server: DashboardServer;
const contexts: BrowserContext[] = [];

const signIn = (user: string): Promise<Page> => signInAs(browser, server.url, contexts, user);

const row = (page: Page, task: string) => page.locator(`tr[data-task="${task}"]`);
const buttonsOf = async (page: Page, task: string) => row(page, task).locator('.task-actions button').allTextContents();

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startDashboardServer([], { actions: [...reportActions, failing] })]);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

describe('processes in the dashboard', () => {
  it('creates a process in the editor (a refused save first), runs it, watches the job finish, reopens a task and sees the cascade', async () => {
    const admin = await signIn('Admin');
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Processes' }).click();
    await admin.getByRole('heading', { name: 'Processes' }).waitFor();
    await admin.getByRole('link', { name: 'New process' }).click();
    await admin.getByRole('heading', { name: 'New process' }).waitFor();

    await admin.locator('#process-name').fill('browser-report');
    await admin.locator('#process-description').fill('<i>made</i> in the browser');
    await admin.locator('#schedule-on').check();
    await admin.locator('#schedule-cron').fill('60 2 * * *');
    await admin.getByTestId('schedule-preview').getByText(/60/).waitFor(); // the client-side preview names the bad item
    const first = admin.locator('fieldset.task-editor').nth(0);
    await first.getByLabel('Task name').fill('extract');
    await first.getByLabel('Action').selectOption('report.extract');
    await first.getByLabel('Params (JSON)').fill('{"source": "", "rows": 5}');
    await admin.getByRole('button', { name: 'Add task' }).click();
    const second = admin.locator('fieldset.task-editor').nth(1);
    await second.getByLabel('Task name').fill('report');
    await second.getByLabel('Action').selectOption('report.summarize');
    await second.getByLabel('Params (JSON)').fill('{"title": "From the browser"}');
    await second.locator('input[data-parent="extract"]').check(); // parents are picked from the other tasks
    expect(await first.locator('input[data-parent]').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value))).toEqual(['report']);

    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByTestId('save-problems').getByText(/Not saved: \d+ problems?/).waitFor();
    expect(await admin.locator('[data-error-for="schedule.cron"]').textContent()).toMatch(/60/);
    expect(await first.locator('[data-error-for="tasks.params"]').textContent()).toMatch(/source/);
    expect(await second.locator('.field-error').allTextContents()).toEqual(['', '', '', '', '', '', '']);
    await shot(admin, 'process-editor-refused');
    expect((await server.store.listDefinitions(PROCESS_KIND, { limit: 10 })).items).toEqual([]);

    await admin.locator('#schedule-cron').fill('*/15 9-17 * * MON-FRI');
    await admin.locator('#schedule-zone').fill('Europe/Berlin');
    await expect.poll(() => admin.getByTestId('schedule-preview').locator('li').count()).toBe(5);
    expect(await admin.getByTestId('schedule-preview').textContent()).toMatch(/Europe\/Berlin/);
    await first.getByLabel('Params (JSON)').fill('{"source": "sales", "rows": 5}');
    await admin.getByRole('button', { name: 'Save' }).click();

    await admin.getByRole('heading', { name: 'browser-report' }).waitFor();
    expect(await admin.getByTestId('version').textContent()).toMatch(/^1 · saved/);
    expect(await admin.getByText('<i>made</i> in the browser').count()).toBe(1); // typed text stays text
    expect(await admin.locator('main i').count()).toBe(0);
    await admin.locator('.diagram svg').waitFor();
    expect(await admin.locator('.diagram svg').textContent()).toContain('extract');
    await shot(admin, 'process-page');

    await admin.getByRole('button', { name: 'Run now' }).click();
    await admin.getByTestId('job-status').getByText('initialized').waitFor();
    expect(await row(admin, 'report').getByTestId('waiting').textContent()).toBe('waits for extract');
    await server.drainBackground();
    await admin.getByTestId('job-status').getByText('finished').waitFor(); // the page refreshes itself while the job runs
    expect(await admin.locator('tr[data-task]').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { status: string } }).dataset.status))).toEqual(['finished', 'finished']);
    expect(await buttonsOf(admin, 'extract')).toEqual(['Reopen']);
    await admin.locator('.diagram svg').waitFor();
    await shot(admin, 'job-finished');

    await row(admin, 'extract').getByRole('button', { name: 'Reopen' }).click();
    await admin.getByTestId('job-status').getByText('initialized').waitFor();
    await row(admin, 'report').getByText('waits for extract').waitFor();
    expect(await row(admin, 'report').getAttribute('data-status')).toBe('awaiting');
    expect(await buttonsOf(admin, 'report')).toEqual(['Cancel']);
    await shot(admin, 'job-reopened');
    await server.drainBackground();
    await admin.getByTestId('job-status').getByText('finished').waitFor();
    expect(await row(admin, 'report').locator('.muted').allTextContents()).toContain('run 2');

    // Back on the list: schedule in words, the next fire, the last job.
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Processes' }).click();
    const listed = admin.locator('tr[data-process="browser-report"]');
    await listed.waitFor();
    expect(await listed.locator('td').nth(0).textContent()).toMatch(/Europe\/Berlin/);
    expect(await listed.locator('td').nth(1).textContent()).not.toBe('—');
  });

  it('shows a failed task with its error (as text), the waiting dependent, and only the legal buttons; a user without permission sees no Processes', async () => {
    const put = await fetch(`${server.url}/processes/failing`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${server.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tasks: [{ name: 'ok', action: 'report.summarize', params: { title: 'x' } }, { name: 'boom', action: 'test.fail', after: ['ok'] }, { name: 'after-boom', action: 'report.summarize', params: { title: 'y' }, after: ['boom'] }] }),
    });
    expect(put.status).toBe(201);
    const run = await fetch(`${server.url}/processes/failing/jobs`, { method: 'POST', headers: { authorization: `Bearer ${server.apiToken}` } });
    const { id } = (await run.json()) as { id: string };
    await server.drainBackground();

    const admin = await signIn('Admin');
    await admin.goto(`${server.url}/#/jobs/${encodeURIComponent(id)}`);
    await admin.getByTestId('job-status').getByText('error').waitFor();
    expect(await row(admin, 'boom').locator('.task-error').textContent()).toBe('Error: the <b>warehouse</b> is closed');
    expect(await admin.locator('main b').count()).toBe(0);
    expect(await buttonsOf(admin, 'boom')).toEqual(['Retry', 'Force', 'Cancel']);
    expect(await buttonsOf(admin, 'ok')).toEqual(['Reopen']);
    expect(await buttonsOf(admin, 'after-boom')).toEqual(['Cancel']);
    expect(await row(admin, 'after-boom').getByTestId('waiting').textContent()).toBe('waits for boom');
    await admin.getByRole('button', { name: 'Cancel job' }).waitFor();
    await shot(admin, 'job-error');

    await row(admin, 'boom').getByRole('button', { name: 'Force' }).click();
    await row(admin, 'boom').locator('[data-status="forced"]').waitFor();
    await server.drainBackground();
    await admin.getByTestId('job-status').getByText('finished').waitFor();

    const carol = await signIn('Carol');
    expect(await carol.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Processes' }).count()).toBe(0);
    await carol.goto(`${server.url}/#/processes`);
    await carol.getByRole('alert').filter({ hasText: '403' }).waitFor();
  });
});
