/**
 * The built-in `http` action: one HTTP request to a host on the deployment's allowlist.
 * 2xx is success and its output is `{ status, body, truncated }` (body: a bounded text excerpt);
 * any other status, a refused host, a timeout or a network failure throws an HttpActionError.
 * Redirects are followed by hand, each hop checked against the allowlist.
 */
import * as z from 'zod';
import { durationTextSchema, formatDurationText, parseDurationText } from '../processes/duration-text.js';
import { defineAction } from './registry.js';
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
export class HttpActionError extends Error {
    kind;
    status;
    body;
    constructor(message, kind, status, body) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.body = body;
        this.name = 'HttpActionError';
    }
}
const HOST_ENTRY = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$|^\[?[0-9a-f:.]+\]?$/;
/** Lower-cased, brackets of IPv6 literals removed. */
function normalHost(host) {
    return host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}
export function isLoopbackHost(host) {
    const h = normalHost(host);
    return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
/** Whether `host` (a URL's hostname) matches an allowlist entry. */
export function isHostAllowed(host, allowedHosts) {
    const h = normalHost(host);
    return allowedHosts.some((entry) => {
        const e = normalHost(entry.trim());
        return e.startsWith('*.') ? h.endsWith(e.slice(1)) && h.length > e.length - 1 : h === e;
    });
}
/** Problems with allowlist entries (a bare `*`, a URL instead of a host, …). */
export function allowlistProblems(allowedHosts) {
    return allowedHosts
        .filter((entry) => !HOST_ENTRY.test(entry.trim().toLowerCase()))
        .map((entry) => `"${entry}" is not a host or a "*.domain" pattern`);
}
/** The http action's configuration from the environment: `ATM_HTTP_ALLOWED_HOSTS` (comma separated), `ATM_HTTP_ALLOW_LOOPBACK_HTTP` (`true`/`1`). */
export function httpActionConfigFromEnv(env = process.env) {
    const allowedHosts = (env.ATM_HTTP_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const loopback = (env.ATM_HTTP_ALLOW_LOOPBACK_HTTP ?? '').trim().toLowerCase();
    return { allowedHosts, allowLoopbackHttp: loopback === 'true' || loopback === '1' };
}
/** Why a request to `url` is refused by `config`, or undefined when it may go. */
export function httpUrlProblem(url, config) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return `"${url}" is not an absolute URL`;
    }
    if (parsed.username || parsed.password)
        return 'credentials in the URL are not allowed (send them in a header)';
    if (parsed.protocol === 'http:') {
        if (!config.allowLoopbackHttp || !isLoopbackHost(parsed.hostname))
            return `use https: plain http is allowed only to loopback hosts, when the deployment allows it (${parsed.host})`;
    }
    else if (parsed.protocol !== 'https:')
        return `the scheme ${parsed.protocol} is not allowed (use https)`;
    if (!isHostAllowed(parsed.hostname, config.allowedHosts)) {
        return `the host ${parsed.hostname} is not on the allowlist of the http action (ATM_HTTP_ALLOWED_HOSTS)`;
    }
    return undefined;
}
const FORBIDDEN_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'idempotency-key']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const jsonValue = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]));
function paramsSchema(config, maxTimeoutMs) {
    return z
        .object({
        method: z.enum(HTTP_METHODS, { error: `method must be one of ${HTTP_METHODS.join(', ')}` }),
        url: z.string({ error: 'url must be a string' }).superRefine((url, ctx) => {
            const problem = httpUrlProblem(url, config);
            if (problem)
                ctx.addIssue({ code: 'custom', message: problem });
        }),
        headers: z
            .record(z.string().regex(HEADER_NAME, 'not a valid header name').refine((name) => !FORBIDDEN_HEADERS.has(name.toLowerCase()), {
            message: 'this header is set by the engine or the HTTP client, not by params',
        }), z.string().refine((value) => !/[\r\n\0]/.test(value), 'a header value cannot hold line breaks'))
            .optional(),
        body: jsonValue.optional(),
        timeout: durationTextSchema.superRefine((value, ctx) => {
            const ms = parseDurationText(value);
            if (ms <= 0)
                ctx.addIssue({ code: 'custom', message: 'the timeout must be longer than 0' });
            if (ms > maxTimeoutMs)
                ctx.addIssue({ code: 'custom', message: `the timeout may be at most ${formatDurationText(maxTimeoutMs)}` });
        }).optional(),
    })
        .strict()
        .superRefine((params, ctx) => {
        if (params.body !== undefined && (params.method === 'GET' || params.method === 'HEAD')) {
            ctx.addIssue({ code: 'custom', path: ['body'], message: `a ${params.method} request has no body` });
        }
    }, 
    // Also when other fields have problems, so that every problem is listed at once.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null });
}
/** Reads at most `limit` bytes of the body as text, then stops reading. */
async function readExcerpt(response, limit) {
    if (!response.body)
        return { text: '', truncated: false };
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    let truncated = false;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        chunks.push(value);
        size += value.byteLength;
        if (size > limit) {
            truncated = true;
            await reader.cancel().catch(() => undefined);
            break;
        }
    }
    const bytes = Buffer.concat(chunks).subarray(0, limit);
    // A multi-byte character cut at the limit decodes as U+FFFD: drop it.
    const text = new TextDecoder().decode(bytes);
    return { text: truncated ? text.replace(/\uFFFD+$/, '') : text, truncated };
}
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
export function createHttpAction(config) {
    const problems = allowlistProblems(config.allowedHosts);
    if (problems.length)
        throw new TypeError(`The http action's allowlist is invalid: ${problems.join('; ')}`);
    const defaultTimeoutMs = parseDurationText(config.defaultTimeout ?? '30s');
    const maxTimeoutMs = parseDurationText(config.maxTimeout ?? '5m');
    const excerptBytes = config.bodyExcerptBytes ?? 2048;
    const maxRedirects = config.maxRedirects ?? 5;
    return defineAction({
        name: 'http',
        description: 'One HTTP request to an allowed host; 2xx is success, the output is the status and an excerpt of the body.',
        params: paramsSchema(config, maxTimeoutMs),
        async run(params, ctx) {
            const timeoutMs = Math.max(0, Math.min(params.timeout === undefined ? defaultTimeoutMs : parseDurationText(params.timeout), maxTimeoutMs, ctx.deadline - Date.now()));
            const timeout = AbortSignal.timeout(Math.max(1, timeoutMs));
            const signal = AbortSignal.any([ctx.signal, timeout]);
            let url = params.url;
            let method = params.method;
            const headers = new Headers(params.headers);
            let body;
            if (params.body !== undefined) {
                body = typeof params.body === 'string' ? params.body : JSON.stringify(params.body);
                if (typeof params.body !== 'string' && !headers.has('content-type'))
                    headers.set('content-type', 'application/json');
            }
            headers.set('idempotency-key', ctx.idempotencyKey);
            for (let hop = 0;; hop++) {
                const refused = httpUrlProblem(url, config);
                if (refused)
                    throw new HttpActionError(`${method} ${url} refused: ${refused}`, 'refused');
                ctx.logger.debug('http request', { method, url, hop });
                let response;
                try {
                    response = await fetch(url, { method, headers, body, redirect: 'manual', signal });
                }
                catch (error) {
                    throw failure(error, method, url, timeout, ctx.signal, timeoutMs);
                }
                const location = response.headers.get('location');
                if (REDIRECTS.has(response.status) && location) {
                    await response.body?.cancel().catch(() => undefined);
                    if (hop >= maxRedirects)
                        throw new HttpActionError(`${method} ${params.url}: more than ${maxRedirects} redirects`, 'refused', response.status);
                    const next = new URL(location, url);
                    if (new URL(url).origin !== next.origin) {
                        headers.delete('authorization');
                        headers.delete('cookie');
                    }
                    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
                        if (method !== 'HEAD')
                            method = 'GET';
                        body = undefined;
                        headers.delete('content-type');
                    }
                    url = next.href;
                    continue;
                }
                let excerpt;
                try {
                    excerpt = await readExcerpt(response, excerptBytes);
                }
                catch (error) {
                    throw failure(error, method, url, timeout, ctx.signal, timeoutMs);
                }
                if (response.status < 200 || response.status > 299) {
                    const shown = excerpt.text.slice(0, 200);
                    throw new HttpActionError(`${method} ${url} answered ${response.status}${shown ? `: ${shown}` : ''}`, 'status', response.status, excerpt.text);
                }
                ctx.logger.info('http response', { method, url, status: response.status });
                return { status: response.status, body: excerpt.text, truncated: excerpt.truncated };
            }
        },
    });
}
function failure(error, method, url, timeout, cancel, timeoutMs) {
    if (timeout.aborted)
        return new HttpActionError(`${method} ${url} timed out after ${formatDurationText(timeoutMs)}`, 'timeout');
    if (cancel.aborted)
        return new HttpActionError(`${method} ${url} was cancelled`, 'cancelled');
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return new HttpActionError(`${method} ${url} failed: ${cause}`, 'network');
}
