import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;
/** A 4xx raised by the HTTP layer itself (bad JSON, bad body, missing token). */
export declare class HttpError extends Error {
    readonly status: number;
    readonly code: string;
    readonly details?: unknown | undefined;
    constructor(status: number, code: string, message: string, details?: unknown | undefined);
}
export declare const JSON_HEADERS: {
    readonly 'content-type': "application/json; charset=utf-8";
    readonly 'cache-control': "no-store";
};
export declare function json(status: number, body: unknown, headers?: Record<string, string>): HttpResult;
export interface ErrorBody {
    error: {
        code: string;
        message: string;
        details?: unknown;
        requestId?: string;
    };
}
/**
 * Any error as a JSON response: engine errors carry their own status and code, the HTTP
 * layer's too; anything else is a 500 whose details stay in the logs.
 */
export declare function errorResponse(error: unknown, requestId?: string): HttpResult;
/** middy onError: turns the error into a response and lets the other middlewares (metrics, logs) finish. */
export declare function httpErrors(): MiddlewareObj<HttpEvent, HttpResult, Error, Context>;
export declare function header(event: HttpEvent, name: string): string | undefined;
/** The raw body as a string (API Gateway base64-encodes binary bodies); 413 past `maxBytes`. */
export declare function rawBody(event: HttpEvent, maxBytes: number): string;
/**
 * Parses and validates a JSON body; an empty body counts as `{}`. Nesting deeper than
 * MAX_JSON_DEPTH is refused before the text is parsed, so nothing downstream (validation,
 * idempotency hashing, the engine's checks, JSON.stringify) ever walks a value deep enough
 * to overflow the stack.
 */
export declare function parseBody<S extends z.ZodType>(text: string, schema: S): z.output<S>;
/**
 * The path parameters, URL-decoded (API Gateway hands them over as sent) and each checked
 * against the schema for its name (schemas.ts, PATH_PARAMETERS): an id of 3,000 characters is
 * refused here instead of reaching DynamoDB, whose keys are limited to 1–2 KB.
 */
export declare function pathParameters(event: HttpEvent, schemas: Readonly<Record<string, z.ZodType<string>>>, otherwise: z.ZodType<string>): Record<string, string>;
export declare function validate<S extends z.ZodType>(value: unknown, schema: S, what: string): z.output<S>;
/** Checks `Authorization: Bearer <token>` in constant time; 401 otherwise. */
export declare function requireBearer(event: HttpEvent, token: string): void;
