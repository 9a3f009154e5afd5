import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { type LocalFunction, type LocalRoute } from './template.js';
/**
 * API Gateway HTTP API (payload format 2.0) in front of the local handlers: matches the
 * routes of the template, builds the APIGatewayProxyEventV2 a function would receive, and
 * writes the function's result back as API Gateway would.
 */
export interface RouteMatch {
    route: LocalRoute;
    params: Record<string, string>;
}
/**
 * URL-decodes a path or path segment; a malformed escape (`%zz`, a truncated or invalid UTF-8
 * sequence) is left as sent, for the function to refuse with its own 400, instead of throwing here.
 */
export declare function decodeOrKeep(text: string): string;
/**
 * The request's URL. The Host header plays no part (it may be empty or anything a client
 * sends); a request-target that is not a path (`*`, a malformed absolute URL) gives undefined.
 */
export declare function requestUrl(target: string | undefined): URL | undefined;
export type BodyRead = {
    body: Buffer;
} | {
    tooLarge: true;
    drained: boolean;
};
/**
 * Reads a request body up to `maxBytes`. A larger body is read on to its end (up to
 * `drainBytes`) and dropped, so that the answer (413) reaches a client that is still sending,
 * and a keep-alive connection is left at a request boundary; past `drainBytes` reading stops
 * and the caller must close the connection.
 */
export declare function readBody(req: IncomingMessage, maxBytes: number, drainBytes?: number): Promise<BodyRead>;
export declare function compileRoutes(routes: readonly LocalRoute[]): (method: string, path: string) => RouteMatch | undefined;
export declare function toApiGatewayEvent(req: IncomingMessage, body: Buffer, match: RouteMatch, url: URL): APIGatewayProxyEventV2;
/** API Gateway's reading of a payload-2.0 result: a structured result, or any value as a JSON 200. */
export declare function writeResult(res: ServerResponse, result: unknown): void;
/** The Lambda context a handler gets: request id, function name and a deadline from the template's timeout. */
export declare function lambdaContext(fn: LocalFunction): Context;
