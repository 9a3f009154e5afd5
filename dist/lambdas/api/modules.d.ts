import type { RouteModule } from './route.js';
/**
 * The route modules of the deployed API, in one list that the API function, the stack's HTTP
 * API routes and docs/openapi.json are built from: the token-authenticated core routes, the
 * operators' view of the delivery inbox, the routes where people act (user tokens), processes
 * (the API token or a user token with a processes.* permission), approval workflows (the same), and the dashboard. The local
 * stack adds the development sign-in routes (dev-auth-routes.ts) to these.
 */
export declare const API_ROUTE_MODULES: readonly RouteModule[];
