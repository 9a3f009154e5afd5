import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import type { HttpEvent, HttpResult } from '../shared/http.js';
import type { Runtime } from '../../lib/app/runtime.js';

/** Where the API serves its OpenAPI document (openapi.ts builds it on the first request). */
export const OPENAPI_PATH = '/openapi.json';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<B, Q> {
  runtime: Runtime;
  event: HttpEvent;
  context: Context;
  /** Path parameters, URL-decoded. */
  params: Record<string, string>;
  body: B;
  query: Q;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
}

/**
 * One API operation: its place in the HTTP API (method and path, as API Gateway writes
 * them), its schemas (validated here, published in the OpenAPI document) and its handler.
 */
export interface Route<B = unknown, Q = unknown> {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** Reachable without the API token (health, the OpenAPI document). */
  public?: boolean;
  /**
   * 'user': not behind the API token but a user token (JWT) that the handler verifies
   * (task-routes.ts). 'operator-or-user': the API token, or a user token the handler verifies
   * (process-routes.ts). Both are documented as such.
   */
  auth?: 'user' | 'operator-or-user';
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** Checks on the request itself (headers), run before the body is read; throw an HttpError to refuse. */
  guard?(event: HttpEvent): void;
  responses: Readonly<Record<number, ResponseSpec>>;
  handle(ctx: RouteContext<B, Q>): Promise<HttpResult> | HttpResult;
}

export function defineRoute<SB extends z.ZodType = z.ZodUnknown, SQ extends z.ZodType = z.ZodUnknown>(
  route: Omit<Route<z.output<SB>, z.output<SQ>>, 'body' | 'query'> & { body?: SB; query?: SQ },
): Route<unknown, unknown> {
  return route as unknown as Route<unknown, unknown>;
}

/**
 * A group of routes. The API function, the HTTP API's routes in the stack and the OpenAPI
 * document are all built from the list of modules, so a later module (human tasks and forms,
 * a dashboard) is added in one place: `createApiHandler(provider, [coreRoutes, formRoutes])`
 * and `new AutomationsStack(app, id, { routeModules: [coreRoutes, formRoutes] })`.
 */
export interface RouteModule {
  name: string;
  routes: readonly Route[];
}

/**
 * A route module the API function imports on the first request to one of its routes (a chunk
 * of its own in the Lambda bundle): its routes as the route manifest lists them
 * (lib/infra/route-manifest.ts), the module itself from `load`.
 */
export interface LazyRouteModule {
  name: string;
  lazy: true;
  routes: readonly { method: Method; path: string }[];
  load(): Promise<RouteModule>;
}

export type ApiRouteModule = RouteModule | LazyRouteModule;

export const isLazyRouteModule = (m: ApiRouteModule): m is LazyRouteModule => 'lazy' in m && m.lazy === true;
