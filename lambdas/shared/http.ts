import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { AutomationError } from '../../lib/engine/errors.js';
import { MAX_JSON_DEPTH, nestingDepth } from '../../lib/engine/json.js';
import { logger } from './observability.js';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** A 4xx raised by the HTTP layer itself (bad JSON, bad body, missing token). */
export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'HttpError';
  }
}

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode: status, headers: { ...JSON_HEADERS, ...headers }, body: status === 204 ? '' : JSON.stringify(body) };
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

/**
 * Any error as a JSON response: engine errors carry their own status and code, the HTTP
 * layer's too; anything else is a 500 whose details stay in the logs.
 */
export function errorResponse(error: unknown, requestId?: string): HttpResult {
  if (error instanceof AutomationError) {
    const details = error.details;
    if (error.status >= 500) logger.error('Automation error', { error });
    return json(error.status, { error: { code: error.code, message: error.message, ...(details ? { details } : {}) } } satisfies ErrorBody);
  }
  if (error instanceof HttpError) {
    return json(error.status, { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } } satisfies ErrorBody, error.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
  }
  // middy's createError (e.g. http-router's 404 for an unknown route)
  const statusCode = (error as { statusCode?: number; expose?: boolean })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return json(statusCode, { error: { code: statusCode === 404 ? 'not_found' : 'bad_request', message: (error as Error).message } } satisfies ErrorBody);
  }
  logger.error('Unhandled error', { error: error as Error });
  return json(500, { error: { code: 'internal', message: 'Internal error; the logs have the details', ...(requestId ? { requestId } : {}) } } satisfies ErrorBody);
}

/** middy onError: turns the error into a response and lets the other middlewares (metrics, logs) finish. */
export function httpErrors(): MiddlewareObj<HttpEvent, HttpResult, Error, Context> {
  return {
    onError: (request) => {
      request.response = errorResponse(request.error, request.context?.awsRequestId);
    },
  };
}

export function header(event: HttpEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

/** The raw body as a string (API Gateway base64-encodes binary bodies); 413 past `maxBytes`. */
export function rawBody(event: HttpEvent, maxBytes: number): string {
  const body = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) throw new HttpError(413, 'too_large', `The request body is ${bytes} bytes; the limit is ${maxBytes}`);
  return text;
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`);
}

/**
 * Parses and validates a JSON body; an empty body counts as `{}`. Nesting deeper than
 * MAX_JSON_DEPTH is refused before the text is parsed, so nothing downstream (validation,
 * idempotency hashing, the engine's checks, JSON.stringify) ever walks a value deep enough
 * to overflow the stack.
 */
export function parseBody<S extends z.ZodType>(text: string, schema: S): z.output<S> {
  let value: unknown = {};
  if (text.trim() !== '') {
    const depth = nestingDepth(text, MAX_JSON_DEPTH);
    if (depth > MAX_JSON_DEPTH) {
      throw new HttpError(400, 'too_deep', `The body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; the limit is ${MAX_JSON_DEPTH}`);
    }
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new HttpError(400, 'invalid_json', `The body is not JSON: ${(error as Error).message}`);
    }
  }
  return validate(value, schema, 'body');
}

/**
 * The path parameters, URL-decoded (API Gateway hands them over as sent) and each checked
 * against the schema for its name (schemas.ts, PATH_PARAMETERS): an id of 3,000 characters is
 * refused here instead of reaching DynamoDB, whose keys are limited to 1–2 KB.
 */
export function pathParameters(event: HttpEvent, schemas: Readonly<Record<string, z.ZodType<string>>>, otherwise: z.ZodType<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(event.pathParameters ?? {})) {
    if (raw === undefined) continue;
    let value: string;
    try {
      value = decodeURIComponent(raw);
    } catch {
      throw new HttpError(400, 'invalid_path', `Path parameter ${name} is not valid URL encoding`);
    }
    const result = (schemas[name] ?? otherwise).safeParse(value);
    if (!result.success) {
      throw new HttpError(400, 'invalid_path', `Path parameter ${name} is invalid: ${result.error.issues.map((i) => i.message).join('; ')}`);
    }
    out[name] = value;
  }
  return out;
}

export function validate<S extends z.ZodType>(value: unknown, schema: S, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = formatIssues(result.error.issues);
    throw new HttpError(400, 'invalid_request', `The ${what} is invalid: ${problems.join('; ')}`, problems);
  }
  return result.data;
}

/** Checks `Authorization: Bearer <token>` in constant time; 401 otherwise. */
export function requireBearer(event: HttpEvent, token: string): void {
  const given = header(event, 'authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(given.trim());
  const expected = Buffer.from(token);
  const actual = Buffer.from(match?.[1] ?? '');
  if (!match || actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new HttpError(401, 'unauthorized', 'Send the API token as "Authorization: Bearer <token>" (automations credentials prints it)');
  }
}
