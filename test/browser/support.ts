import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApiHandler } from '../../lambdas/api.js';
import { coreRoutes } from '../../lambdas/api/core-routes.js';
import { dashboardRoutes } from '../../lambdas/api/dashboard-routes.js';
import { devAuthRoutes } from '../../lambdas/api/dev-auth-routes.js';
import { createProcessRoutes } from '../../lambdas/api/process-routes.js';
import { createTaskRoutes } from '../../lambdas/api/task-routes.js';
import type { ActionDefinition } from '../../lib/engine/actions/registry.js';
import { createUserAuth } from '../../lambdas/api/user-auth.js';
import { createWorkflowRoutes } from '../../lambdas/api/workflow-routes.js';
import type { ListingDirectory, WorkflowSurface } from '../../lib/app/workflow-surface.js';
import { ActionRegistry } from '../../lib/engine/actions/registry.js';
import { AutoStartService, MemoryEventLedger } from '../../lib/engine/workflows/autostart.js';
import { MemoryWorkflowEvents } from '../../lib/engine/workflows/events.js';
import { WorkflowRuntime } from '../../lib/engine/workflows/runtime.js';
import { WorkflowService } from '../../lib/engine/workflows/service.js';
import { DEV_USERS, devDirectory } from '../../lib/identity/dev.js';
import type { ManualClock } from '../../lib/engine/clock.js';
import type { AutomationClass } from '../../lib/engine/definition.js';
import { identityConfigFromEnv, signInOptionsFromEnv } from '../../lib/identity/config.js';
import { devIdentityEnv, generateDevKey } from '../../lib/identity/dev.js';
import { compileRoutes, toApiGatewayEvent, writeResult } from '../../lib/local/http-adapter.js';
import { context, SECRETS, testRuntime, type TestRuntime } from '../lambdas/support.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'browser');

/** Debian's Chromium, headless, with the flags this machine's closed network needs; Playwright gives it a fresh profile. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface DashboardServer extends TestRuntime {
  url: string;
  /** With `workflows: true`: the approval workflows behind the workflow routes. */
  workflows?: WorkflowSurface;
  apiToken: string;
  stop(): Promise<void>;
}

/**
 * The API function (core, task, process, dashboard and development sign-in routes) behind node:http,
 * through the local stack's API Gateway v2 adapter, on the memory store; user sign-in with
 * development tokens configured exactly as npm start does (the ATM_* settings).
 */
export async function startDashboardServer(automations: readonly AutomationClass[], options: { clock?: ManualClock; actions?: readonly ActionDefinition<unknown>[]; workflows?: boolean } = {}): Promise<DashboardServer> {
  const t = testRuntime(automations, { ...(options.clock ? { clock: options.clock } : {}), ...(options.actions ? { parts: { actions: options.actions } } : {}) });
  let workflows: WorkflowSurface | undefined;
  if (options.workflows) {
    // The development users as the directory (listing them for the delegate picker), no actions registered.
    const base = devDirectory();
    const directory: ListingDirectory = {
      user: (id, tenant) => base.user(id, tenant),
      groupMembers: (group, tenant) => base.groupMembers(group, tenant),
      listUsers: async (tenant: string) => (await Promise.all(DEV_USERS.filter((u) => u.tenant === tenant).map((u) => base.user(u.id, tenant)))).filter((u) => u !== undefined),
    };
    const runtime = new WorkflowRuntime({ engine: t.runtime.engine, actions: new ActionRegistry(), directory, events: new MemoryWorkflowEvents() });
    const service = new WorkflowService(runtime);
    workflows = { service, autostart: new AutoStartService(service, new MemoryEventLedger()), directory };
    const surface = workflows;
    t.runtime = { ...t.runtime, workflows: async () => surface };
  }
  const env = devIdentityEnv(await generateDevKey());
  Object.assign(process.env, env); // the development token route reads the signing key from the environment, as in the local stack
  const auth = createUserAuth({ config: () => identityConfigFromEnv(env), signIn: () => signInOptionsFromEnv(env) });
  const modules = [coreRoutes, createTaskRoutes({ auth }), createProcessRoutes({ auth }), dashboardRoutes, devAuthRoutes, ...(workflows ? [createWorkflowRoutes({ auth })] : [])];
  const handler = createApiHandler(async () => t.runtime, modules);
  const match = compileRoutes(
    modules.flatMap((m) => m.routes).map((r) => ({ method: r.method, path: r.path, routeKey: `${r.method} ${r.path}`, functionId: 'api' })),
  );
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const found = match(req.method ?? 'GET', url.pathname);
      if (!found) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
        return;
      }
      writeResult(res, await handler(toApiGatewayEvent(req, Buffer.concat(chunks), found, url), context()));
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...t,
    ...(workflows ? { workflows } : {}),
    url: `http://127.0.0.1:${port}`,
    apiToken: SECRETS.apiToken,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/**
 * Opens a fresh browser context (kept in `contexts` for closing), signs in as a development
 * user from the dashboard's picker and waits for the task list. Page errors fail the test.
 */
export async function signInAs(browser: Browser, url: string, contexts: BrowserContext[], user: string, viewport = { width: 1200, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(url);
  await page.getByRole('button', { name: new RegExp(`^${user}`, 'i') }).click();
  await page.getByRole('heading', { name: 'My tasks' }).waitFor();
  return page;
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
