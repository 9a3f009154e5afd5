import { coreRoutes } from './core-routes.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { deliveryRoutes } from './delivery-routes.js';
import { processRoutes } from './process-routes.js';
import { taskRoutes } from './task-routes.js';
import { workflowRoutes } from './workflow-routes.js';
/**
 * The route modules of the deployed API, in one list that the API function, the stack's HTTP
 * API routes and docs/openapi.json are built from: the token-authenticated core routes, the
 * operators' view of the delivery inbox, the routes where people act (user tokens), processes
 * (the API token or a user token with a processes.* permission), approval workflows (the same), and the dashboard. The local
 * stack adds the development sign-in routes (dev-auth-routes.ts) to these.
 */
export const API_ROUTE_MODULES = [coreRoutes, deliveryRoutes, taskRoutes, processRoutes, workflowRoutes, dashboardRoutes];
