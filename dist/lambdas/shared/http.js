import { timingSafeEqual } from 'node:crypto';
import { AutomationError } from '../../lib/engine/errors.js';
import { MAX_JSON_DEPTH, nestingDepth } from '../../lib/engine/json.js';
import { logger } from './observability.js';
/** A 4xx raised by the HTTP layer itself (bad JSON, bad body, missing token). */
export class HttpError extends Error {
    status;
    code;
    details;
    constructor(status, code, message, details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
        this.name = 'HttpError';
    }
}
export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
export function json(status, body, headers = {}) {
    return { statusCode: status, headers: { ...JSON_HEADERS, ...headers }, body: status === 204 ? '' : JSON.stringify(body) };
}
/**
 * Any error as a JSON response: engine errors carry their own status and code, the HTTP
 * layer's too; anything else is a 500 whose details stay in the logs.
 */
export function errorResponse(error, requestId) {
    if (error instanceof AutomationError) {
        const details = error.details;
        if (error.status >= 500)
            logger.error('Automation error', { error });
        return json(error.status, { error: { code: error.code, message: error.message, ...(details ? { details } : {}) } });
    }
    if (error instanceof HttpError) {
        return json(error.status, { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } }, error.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
    }
    // middy's createError (e.g. http-router's 404 for an unknown route)
    const statusCode = error?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
        return json(statusCode, { error: { code: statusCode === 404 ? 'not_found' : 'bad_request', message: error.message } });
    }
    logger.error('Unhandled error', { error: error });
    return json(500, { error: { code: 'internal', message: 'Internal error; the logs have the details', ...(requestId ? { requestId } : {}) } });
}
/** middy onError: turns the error into a response and lets the other middlewares (metrics, logs) finish. */
export function httpErrors() {
    return {
        onError: (request) => {
            request.response = errorResponse(request.error, request.context?.awsRequestId);
        },
    };
}
export function header(event, name) {
    const headers = event.headers ?? {};
    return headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}
/** The raw body as a string (API Gateway base64-encodes binary bodies); 413 past `maxBytes`. */
export function rawBody(event, maxBytes) {
    const body = event.body ?? '';
    const text = event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > maxBytes)
        throw new HttpError(413, 'too_large', `The request body is ${bytes} bytes; the limit is ${maxBytes}`);
    return text;
}
function formatIssues(issues) {
    return issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`);
}
/**
 * Parses and validates a JSON body; an empty body counts as `{}`. Nesting deeper than
 * MAX_JSON_DEPTH is refused before the text is parsed, so nothing downstream (validation,
 * idempotency hashing, the engine's checks, JSON.stringify) ever walks a value deep enough
 * to overflow the stack.
 */
export function parseBody(text, schema) {
    let value = {};
    if (text.trim() !== '') {
        const depth = nestingDepth(text, MAX_JSON_DEPTH);
        if (depth > MAX_JSON_DEPTH) {
            throw new HttpError(400, 'too_deep', `The body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; the limit is ${MAX_JSON_DEPTH}`);
        }
        try {
            value = JSON.parse(text);
        }
        catch (error) {
            throw new HttpError(400, 'invalid_json', `The body is not JSON: ${error.message}`);
        }
    }
    return validate(value, schema, 'body');
}
/**
 * The path parameters, URL-decoded (API Gateway hands them over as sent) and each checked
 * against the schema for its name (schemas.ts, PATH_PARAMETERS): an id of 3,000 characters is
 * refused here instead of reaching DynamoDB, whose keys are limited to 1–2 KB.
 */
export function pathParameters(event, schemas, otherwise) {
    const out = {};
    for (const [name, raw] of Object.entries(event.pathParameters ?? {})) {
        if (raw === undefined)
            continue;
        let value;
        try {
            value = decodeURIComponent(raw);
        }
        catch {
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
export function validate(value, schema, what) {
    const result = schema.safeParse(value);
    if (!result.success) {
        const problems = formatIssues(result.error.issues);
        throw new HttpError(400, 'invalid_request', `The ${what} is invalid: ${problems.join('; ')}`, problems);
    }
    return result.data;
}
/** Checks `Authorization: Bearer <token>` in constant time; 401 otherwise. */
export function requireBearer(event, token) {
    const given = header(event, 'authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(given.trim());
    const expected = Buffer.from(token);
    const actual = Buffer.from(match?.[1] ?? '');
    if (!match || actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
        throw new HttpError(401, 'unauthorized', 'Send the API token as "Authorization: Bearer <token>" (automations credentials prints it)');
    }
}
