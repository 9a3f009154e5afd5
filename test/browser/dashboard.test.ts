import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { IssueDiscussion, ProcessInput } from '../../flows/index.js';
import { ManualClock } from '../../lib/engine/clock.js';
import { launchChromium, shot, startDashboardServer, type DashboardServer, signInAs } from './support.js';

/**
 * The dashboard in real headless Chromium: sign-in as development users, the task list,
 * a form with inline errors from the server's 422, the instance continuing, a user outside
 * the group, hostile instance data. One browser for the file; a context per user.
 */
const XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';
const HOUR = 3_600_000;
/** The one browser global used in page functions (the test project's TypeScript has no DOM library). */
type Browserish = { getComputedStyle(element: unknown): { borderLeftColor: string } };

let browser: Browser;
let server: DashboardServer;
const clock = new ManualClock(Date.now());
const contexts: BrowserContext[] = [];

async function start(automation: string, data: object): Promise<string> {
  const res = await fetch(`${server.url}/automations/${automation}/instances`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ data }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function signIn(user: string, viewport?: { width: number; height: number }): Promise<Page> {
  return signInAs(browser, server.url, contexts, user, viewport);
}

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startDashboardServer([IssueDiscussion, ProcessInput], { clock })]);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

describe('the dashboard in headless Chromium', () => {
  let oldId: string;
  let newId: string;

  it('shows a moderator the tasks of their group, coloured by age, and hides them from a user outside the group', async () => {
    oldId = await start('IssueDiscussion', { issue: XSS, deadline: new Date(clock.now() + 14 * 24 * HOUR).toISOString(), confCallThisWeek: false, pendingMails: 2 });
    clock.advance(80 * HOUR);
    newId = await start('IssueDiscussion', { issue: 'Fresh issue', deadline: new Date(clock.now() + 14 * 24 * HOUR).toISOString(), confCallThisWeek: true, pendingMails: 1 });

    const bob = await signIn('Bob');
    const tasks = bob.getByRole('list', { name: 'Open tasks' }).getByRole('listitem');
    await expect.poll(() => tasks.count()).toBe(2);
    expect(await tasks.nth(0).getAttribute('data-urgency')).toBe('urgent');
    expect(await tasks.nth(0).textContent()).toContain('Urgent');
    expect(await tasks.nth(1).getAttribute('data-urgency')).toBe('fresh');
    expect(await tasks.nth(0).textContent()).toContain('Moderate the new mails on the issue');
    const colours = await tasks.evaluateAll((items) => items.map((li) => (globalThis as unknown as Browserish).getComputedStyle(li).borderLeftColor));
    expect(colours[0]).not.toBe(colours[1]);
    await shot(bob, 'tasks-bob');

    const carol = await signIn('Carol');
    await carol.getByText('No open tasks for you.').waitFor();
    await shot(carol, 'tasks-carol-none');
    // Not listed, and not reachable by URL either.
    const task = (await server.runtime.engine.tasksFor({ id: 'root', superuser: true })).items.find((t) => t.instanceId === oldId)!.task;
    await carol.goto(`${server.url}/#/tasks/${oldId}/${task}`);
    await carol.getByRole('alert').filter({ hasText: '403' }).waitFor();
    await carol.goto(`${server.url}/#/instances/${oldId}`);
    await carol.getByRole('alert').filter({ hasText: '403' }).waitFor();
    await shot(carol, 'instance-carol-forbidden');
  });

  it('renders the form from its JSON Schema, shows the server\'s field errors inline, then submits and shows the instance continue', async () => {
    const bob = await signIn('Bob');
    await bob.getByRole('link', { name: /Moderate the new mails/ }).first().click();
    await bob.getByRole('heading', { name: 'Moderate the new mails on the issue' }).waitFor();
    const approved = bob.getByLabel('Approved');
    const rejected = bob.getByLabel('Rejected');
    await approved.fill('-1');
    await rejected.fill('many');
    await bob.getByRole('button', { name: 'Submit' }).click();

    await bob.locator('#error-approved').waitFor();
    expect(await bob.locator('#error-approved').textContent()).toMatch(/>=\s*0|too small/i);
    expect(await bob.locator('#error-rejected').textContent()).toMatch(/number/i);
    expect(await approved.getAttribute('aria-invalid')).toBe('true');
    expect(await bob.getByRole('alert').filter({ hasText: 'Please correct 2 fields' }).count()).toBe(1);
    expect(await bob.evaluate('document.activeElement && document.activeElement.id')).toBe('field-approved');
    await shot(bob, 'form-invalid');
    expect((await server.store.get(oldId))!.data.moderate).toBeUndefined();

    await approved.fill('3');
    await rejected.fill('1');
    await bob.getByLabel('Note').fill('Two were spam');
    await rejected.press('Enter'); // the keyboard submits the form

    await bob.getByText(/The instance continued and is now waiting/).waitFor();
    const history = await bob.locator('.timeline li .node').allTextContents();
    expect(history).toEqual(expect.arrayContaining(['moderate', 'recordModeration', 'repeat']));
    expect(await bob.getByTestId('current').textContent()).toContain('repeat');
    await bob.locator('.diagram svg').waitFor();
    await shot(bob, 'instance-after-submit');

    const state = (await server.store.get(oldId))!;
    expect(state.data).toMatchObject({ moderate: { approved: 3, rejected: 1, note: 'Two were spam' }, moderated: 2, pendingMails: 0 });
    await bob.getByRole('link', { name: 'My tasks' }).click();
    await expect.poll(() => bob.getByRole('list', { name: 'Open tasks' }).getByRole('listitem').count()).toBe(1);
  });

  it('renders hostile instance data as text', async () => {
    const bob = await signIn('Bob');
    await bob.goto(`${server.url}/#/instances/${oldId}`);
    const data = bob.getByTestId('instance-data');
    await data.waitFor();
    expect(await data.textContent()).toContain('"issue": "<script>window.__xss = 1</script><img src=x onerror=\\"window.__xss = 2\\">"');
    expect(await bob.locator('main script, main img, main [onerror]').count()).toBe(0);
    expect(await bob.evaluate('typeof window.__xss')).toBe('undefined');
    await shot(bob, 'instance-hostile-data');
  });

  it('gives an admin the automations with their counts, down to an instance page', async () => {
    const admin = await signIn('Admin');
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Automations' }).click();
    const row = admin.locator('tr[data-automation="IssueDiscussion"]');
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(['0', '2', '0', '0']);
    await shot(admin, 'automations');
    await row.getByRole('link').click();
    await admin.getByRole('link', { name: newId.slice(0, 8) }).click();
    await admin.getByTestId('status').waitFor();
    await admin.getByText('Page-view hook').waitFor();
    expect(await admin.locator('pre.snippet').first().textContent()).toContain('/hooks/page-view?key=');
    await admin.locator('.diagram svg').waitFor(); // the flow diagram renders, with the current nodes marked
    expect(await admin.locator('.diagram svg').textContent()).toContain('moderate');
    await shot(admin, 'instance-admin');
  });

  it('fits a phone screen', async () => {
    const bob = await signIn('Bob', { width: 375, height: 740 });
    const overflow = await bob.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(bob, 'tasks-phone');
  });
});
