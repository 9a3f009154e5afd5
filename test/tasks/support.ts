import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { JWK } from 'jose';
import { createApiHandler } from '../../lambdas/api.js';
import { coreRoutes } from '../../lambdas/api/core-routes.js';
import { dashboardRoutes } from '../../lambdas/api/dashboard-routes.js';
import { devAuthRoutes } from '../../lambdas/api/dev-auth-routes.js';
import { createProcessRoutes } from '../../lambdas/api/process-routes.js';
import { createTaskRoutes } from '../../lambdas/api/task-routes.js';
import type { RuntimeParts } from '../../lib/app/runtime.js';
import { createUserAuth } from '../../lambdas/api/user-auth.js';
import { createWorkflowRoutes } from '../../lambdas/api/workflow-routes.js';
import type { ManualClock } from '../../lib/engine/clock.js';
import type { AutomationClass } from '../../lib/engine/definition.js';
import type { IdentityConfig } from '../../lib/identity/config.js';
import { DEV_AUDIENCE, DEV_ISSUER, generateDevKey, signDevToken, type DevKey, type DevTokenOptions } from '../../lib/identity/dev.js';
import { context, httpEvent, testRuntime, type RequestOptions, type TestRuntime } from '../lambdas/support.js';

export interface User {
  id: string;
  groups?: string[];
  permissions?: string[];
  tenant?: string;
}

export const alice: User = { id: 'alice', groups: ['approvers'] };
export const bob: User = { id: 'bob', groups: ['Moderators'] };
export const carol: User = { id: 'carol', groups: ['staff'] };
export const admin: User = { id: 'admin', groups: ['admins'] };
export const viewer: User = { id: 'vera', permissions: ['automations.view'] };

export interface Reply<T = any> {
  status: number;
  headers: Record<string, string>;
  body: T;
  raw: APIGatewayProxyStructuredResultV2;
}

export interface TaskApi extends TestRuntime {
  key: DevKey;
  config: IdentityConfig;
  /** A development token for `user` (signed with the test key unless `signWith` is given). */
  token(user: User, options?: DevTokenOptions & { signWith?: JWK }): Promise<string>;
  /** A request as `user` (a token made for them), with a raw token, or anonymous (null). */
  request(method: string, path: string, as: User | string | null, options?: Omit<RequestOptions, 'token'>): Promise<Reply>;
}

/** The API function with the core, task, process, workflow, dashboard and development sign-in routes, on the memory store. */
export async function taskApi(automations: readonly AutomationClass[], options: { clock?: ManualClock; config?: Partial<IdentityConfig>; parts?: Pick<RuntimeParts, 'actions' | 'http' | 'processes' | 'processEnvironment'>; workflows?: RuntimeParts['workflows'] } = {}): Promise<TaskApi> {
  const t = testRuntime(automations, { ...(options.clock ? { clock: options.clock } : {}), ...(options.parts ? { parts: options.parts } : {}), ...(options.workflows ? { workflows: options.workflows } : {}) });
  const key = await generateDevKey();
  const config: IdentityConfig = {
    issuer: DEV_ISSUER,
    audience: [DEV_AUDIENCE],
    jwks: { keys: [key.publicJwk as Record<string, unknown>] },
    superuserGroup: 'admins',
    permissionsClaim: 'permissions',
    ...options.config,
  };
  const auth = createUserAuth({ config, signIn: { mode: 'dev' } });
  const handler = createApiHandler(async () => t.runtime, [coreRoutes, createTaskRoutes({ auth }), createProcessRoutes({ auth }), createWorkflowRoutes({ auth }), dashboardRoutes, devAuthRoutes]);
  const token = (user: User, o: DevTokenOptions & { signWith?: JWK } = {}) =>
    signDevToken(o.signWith ?? key.privateJwk, { id: user.id, groups: user.groups ?? [], permissions: user.permissions ?? [], ...(user.tenant ? { tenant: user.tenant } : {}) }, o);
  const request = async (method: string, path: string, as: User | string | null, o: Omit<RequestOptions, 'token'> = {}): Promise<Reply> => {
    const bearer = as === null ? null : typeof as === 'string' ? as : await token(as);
    const raw = (await handler(httpEvent(method, path, { ...o, token: bearer }), context())) as APIGatewayProxyStructuredResultV2;
    const headers = (raw.headers ?? {}) as Record<string, string>;
    let body: unknown = raw.body;
    if (String(headers['content-type'] ?? '').startsWith('application/json') && raw.body) body = JSON.parse(raw.body);
    return { status: raw.statusCode ?? 200, headers, body, raw };
  };
  return { ...t, key, config, token, request };
}

/** Everything stored about an instance: state and task records (to prove a refused request changed nothing). */
export async function snapshot(t: TestRuntime, id: string): Promise<unknown> {
  return { state: await t.store.get(id), tasks: await t.store.tasks(id) };
}
