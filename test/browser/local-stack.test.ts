import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { automations } from '../../flows/index.js';
import { API_ROUTE_MODULES } from '../../lambdas/api/modules.js';
import { devAuthRoutes } from '../../lambdas/api/dev-auth-routes.js';
import { enableDevSignIn } from '../../lib/identity/dev.js';
import type { LocalStack } from '../../lib/local/stack.js';
import { launchChromium, shot } from './support.js';

/**
 * What `npm start` serves, in Chromium: the local stack (DynamoDB Local, the synthesised
 * routes, the same handlers) with development sign-in. A requester starts a ProcessInput over
 * the API; an approver signs in, approves, and the instance finishes in that request.
 */
let browser: Browser;
let stack: LocalStack;

beforeAll(async () => {
  process.env.CDK_VALIDATION = 'false';
  const { startLocalStack } = await import('../../lib/local/stack.js');
  const users = await enableDevSignIn(null);
  [browser, stack] = await Promise.all([
    launchChromium(),
    startLocalStack({ automations, dataDir: null, port: 0, routeModules: [...API_ROUTE_MODULES, devAuthRoutes], tickIntervalMs: 3_600_000 }),
  ]);
  expect(users?.map((u) => u.id)).toContain('alice');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('npm start: the dashboard on the local stack', () => {
  it('lets an approver sign in as a development user, approve, and see the instance finish', async () => {
    const started = await fetch(`${stack.url}/automations/ProcessInput/instances`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { requester: 'rita', amount: 25_000 } }),
    });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };

    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${stack.url}/`);
    await page.getByRole('button', { name: /^Alice/ }).click();
    await page.getByRole('link', { name: /Approve or reject the amount/ }).click();
    await page.getByLabel('Approved').check();
    await page.getByLabel('Comment').fill('Within budget');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('The instance continued and is now finished').waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('finished');
    await shot(page, 'local-stack-approved');
    await context.close();

    const status = await fetch(`${stack.url}/instances/${id}`, { headers: { authorization: `Bearer ${stack.apiToken}` } });
    expect(await status.json()).toMatchObject({ status: 'finished', data: { approval: { approved: true, comment: 'Within budget' }, outcome: 'processed' } });
  });
});
