import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { LAMBDA_ROUTE_MODULES } from './api/lambda-modules.js';
import { isLazyRouteModule, OPENAPI_PATH, type ApiRouteModule, type LazyRouteModule, type Method, type Route } from './api/route.js';
import { HttpError, httpErrors, json, parseBody, pathParameters, rawBody, requireBearer, validate, type HttpEvent, type HttpResult } from './shared/http.js';
import { AnyPathParameter, PATH_PARAMETERS } from './shared/schemas.js';
import { lambdaRuntime } from './shared/lambda-runtime.js';
import { onFirstUse } from '../lib/app/lazy.js';
import { instrumented, metrics, MetricUnit } from './shared/observability.js';
import type { RuntimeProvider } from '../lib/app/runtime.js';

function adapt(route: Route, provider: RuntimeProvider) {
  return async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const runtime = await provider();
    if (!route.public) requireBearer(event, runtime.secrets.apiToken);
    route.guard?.(event);
    const params = pathParameters(event, PATH_PARAMETERS, AnyPathParameter);
    const body = route.body ? parseBody(rawBody(event, runtime.settings.maxBodyBytes), route.body) : undefined;
    const query = route.query ? validate(event.queryStringParameters ?? {}, route.query, 'query string') : undefined;
    const result = await route.handle({ runtime, event, context, params, body, query });
    metrics.addMetric(`api.${route.operationId}`, MetricUnit.Count, 1);
    return result;
  };
}

/** A route of a module loaded on first use: the module is imported by the first request to any of its routes. */
function adaptLater(module: LazyRouteModule, method: Method, path: string, provider: RuntimeProvider) {
  const adapted = onFirstUse(async () => {
    const route = (await module.load()).routes.find((r) => r.method === method && r.path === path);
    if (!route) throw new Error(`Route module ${module.name} has no route ${method} ${path} (the route manifest is stale: npm run routes)`);
    return adapt(route, provider);
  });
  return async (event: HttpEvent, context: Context): Promise<HttpResult> => (await adapted())(event, context);
}

/**
 * The HTTP API's function: one middy handler routing with @middy/http-router over the route
 * modules (core routes, deliveries, human tasks, processes, workflows and the dashboard:
 * api/lambda-modules.ts, some imported on first use), each body checked against its zod
 * schema, every error answered as JSON with its status.
 */
export function createApiHandler(provider: RuntimeProvider, modules: readonly ApiRouteModule[] = LAMBDA_ROUTE_MODULES) {
  // Built by the first request for it (JSON Schema of every route, every module loaded): not at every cold start.
  const document = onFirstUse(async () => (await import('./api/openapi.js')).openApiDocument(await Promise.all(modules.map((m) => (isLazyRouteModule(m) ? m.load() : m)))));
  const routes = [
    ...modules.flatMap((m) => (isLazyRouteModule(m)
      ? m.routes.map((r) => ({ method: r.method, path: r.path, handler: adaptLater(m, r.method, r.path, provider) }))
      : m.routes.map((route) => ({ method: route.method, path: route.path, handler: adapt(route, provider) })))),
    { method: 'GET' as const, path: OPENAPI_PATH, handler: async () => json(200, await document()) },
  ];
  const router = httpRouterHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>({
    routes,
    notFoundResponse: ({ method, path }) => {
      throw new HttpError(404, 'route_not_found', `No route ${method} ${path}; see ${OPENAPI_PATH}`);
    },
  });
  return instrumented<HttpEvent, HttpResult>(router as unknown as (event: HttpEvent, context: Context) => Promise<HttpResult>).use(httpErrors());
}

export const handler = createApiHandler(lambdaRuntime);
