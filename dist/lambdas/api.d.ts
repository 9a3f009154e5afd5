import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { RouteModule } from './api/route.js';
import type { RuntimeProvider } from './shared/runtime.js';
/**
 * The HTTP API's function: one middy handler routing with @middy/http-router over the route
 * modules (core routes, human tasks and the dashboard: api/modules.ts), each body checked against its zod
 * schema, every error answered as JSON with its status.
 */
export declare function createApiHandler(provider: RuntimeProvider, modules?: readonly RouteModule[]): import("@middy/core").MiddyfiedHandler<APIGatewayProxyEventV2, import("aws-lambda").APIGatewayProxyStructuredResultV2, Error, Context, {}>;
export declare const handler: import("@middy/core").MiddyfiedHandler<APIGatewayProxyEventV2, import("aws-lambda").APIGatewayProxyStructuredResultV2, Error, Context, {}>;
