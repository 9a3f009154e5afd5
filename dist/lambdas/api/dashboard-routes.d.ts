import { type RouteModule } from './route.js';
/**
 * The dashboard (a static page and its scripts) served by the API function itself: GET / and
 * GET /dashboard/{file}. Public: the page holds no data; everything it shows comes from the
 * user-token routes. A strict Content-Security-Policy keeps any markup that slipped into data
 * from running: scripts only from this origin, no inline scripts, no eval.
 */
export declare function contentSecurityPolicy(env?: NodeJS.ProcessEnv): string;
export declare const dashboardRoutes: RouteModule;
