import { onFirstUse } from '../../lib/app/lazy.js';
import { API_ROUTES } from '../../lib/infra/route-manifest.js';
import { coreRoutes } from './core-routes.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { deliveryRoutes } from './delivery-routes.js';
import type { ApiRouteModule, LazyRouteModule, RouteModule } from './route.js';
import { taskRoutes } from './task-routes.js';

/** A module whose routes come from the route manifest and whose code is imported by the first request to one of them. */
function onFirstRequest(name: string, load: () => Promise<RouteModule>): LazyRouteModule {
  const routes = API_ROUTES.filter((r) => r.module === name).map(({ method, path }) => ({ method, path }));
  if (routes.length === 0) throw new Error(`The route manifest lists no routes of "${name}": run npm run routes`);
  return { name, lazy: true, routes, load: onFirstUse(load) };
}

/**
 * The API function's route modules: API_ROUTE_MODULES (modules.ts) in the same order, with
 * processes and approval workflows imported on first use: their routes, and the process and
 * workflow runtimes behind them, are not compiled at a cold start that serves none of them.
 * test/lambdas/api.test.ts checks the two lists serve the same routes.
 */
export const LAMBDA_ROUTE_MODULES: readonly ApiRouteModule[] = [
  coreRoutes,
  deliveryRoutes,
  taskRoutes,
  onFirstRequest('processes', async () => (await import('./process-routes.js')).processRoutes),
  onFirstRequest('workflows', async () => (await import('./workflow-routes.js')).workflowRoutes),
  dashboardRoutes,
];
