/** A route as API Gateway needs it: method, path, and whether a person's JWT is checked first (lambdas/api/route.ts `Route`). */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  auth?: 'user' | 'operator-or-user';
  /** The route module it belongs to (RouteModule.name): the API function imports some modules on first use. */
  module?: string;
}
