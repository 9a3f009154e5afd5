import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT, LOCAL_REGION, functionArn } from './template.js';
/**
 * URL-decodes a path or path segment; a malformed escape (`%zz`, a truncated or invalid UTF-8
 * sequence) is left as sent, for the function to refuse with its own 400, instead of throwing here.
 */
export function decodeOrKeep(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/**
 * The request's URL. The Host header plays no part (it may be empty or anything a client
 * sends); a request-target that is not a path (`*`, a malformed absolute URL) gives undefined.
 */
export function requestUrl(target) {
    const text = target ?? '/';
    try {
        // Origin-form ("/path?query") is read against a fixed base, so that "//x/y" stays a path.
        return text.startsWith('/') ? new URL(`http://localhost${text}`) : new URL(text);
    }
    catch {
        return undefined;
    }
}
/**
 * Reads a request body up to `maxBytes`. A larger body is read on to its end (up to
 * `drainBytes`) and dropped, so that the answer (413) reaches a client that is still sending,
 * and a keep-alive connection is left at a request boundary; past `drainBytes` reading stops
 * and the caller must close the connection.
 */
export async function readBody(req, maxBytes, drainBytes = 4 * maxBytes) {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > drainBytes)
        return { tooLarge: true, drained: false };
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
        size += chunk.length;
        if (size <= maxBytes)
            chunks.push(chunk);
        else if (size > drainBytes)
            return { tooLarge: true, drained: false };
    }
    return size > maxBytes ? { tooLarge: true, drained: true } : { body: Buffer.concat(chunks) };
}
export function compileRoutes(routes) {
    const compiled = routes.map((route) => {
        const names = [];
        const pattern = route.path
            .split('/')
            .map((segment) => {
            const greedy = /^\{(.+)\+\}$/.exec(segment);
            if (greedy) {
                names.push(greedy[1]);
                return '(.+)';
            }
            const param = /^\{(.+)\}$/.exec(segment);
            if (param) {
                names.push(param[1]);
                return '([^/]+)';
            }
            return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
            .join('/');
        return { route, regex: new RegExp(`^${pattern}/?$`), names, staticSegments: route.path.split('/').filter((s) => s && !s.startsWith('{')).length };
    });
    // API Gateway prefers the most specific route: more literal segments first.
    compiled.sort((a, b) => b.staticSegments - a.staticSegments);
    return (method, path) => {
        for (const c of compiled) {
            if (c.route.method !== method && c.route.method !== 'ANY')
                continue;
            const m = c.regex.exec(path);
            if (!m)
                continue;
            const params = {};
            c.names.forEach((name, i) => {
                params[name] = decodeOrKeep(m[i + 1]);
            });
            return { route: c.route, params };
        }
        return undefined;
    };
}
const TEXT_TYPES = /^(application\/(json|.*\+json|x-www-form-urlencoded|xml|javascript)|text\/)/i;
export function toApiGatewayEvent(req, body, match, url) {
    const headers = {};
    const cookies = [];
    for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined)
            continue;
        if (name === 'cookie')
            cookies.push(...String(value).split(/;\s*/));
        else
            headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const query = {};
    for (const [k, v] of url.searchParams)
        query[k] = k in query ? `${query[k]},${v}` : v;
    const now = new Date();
    const text = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
    const method = req.method ?? 'GET';
    return {
        version: '2.0',
        routeKey: match.route.routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.replace(/^\?/, ''),
        ...(cookies.length ? { cookies } : {}),
        headers,
        ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
        ...(Object.keys(match.params).length ? { pathParameters: match.params } : {}),
        requestContext: {
            accountId: LOCAL_ACCOUNT,
            apiId: 'local',
            domainName: headers.host ?? 'localhost',
            domainPrefix: (headers.host ?? 'localhost').split('.')[0],
            http: { method, path: decodeOrKeep(url.pathname), protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
            requestId: randomUUID(),
            routeKey: match.route.routeKey,
            stage: '$default',
            time: now.toUTCString(),
            timeEpoch: now.getTime(),
        },
        ...(body.length ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
        isBase64Encoded: !text,
    };
}
/** API Gateway's reading of a payload-2.0 result: a structured result, or any value as a JSON 200. */
export function writeResult(res, result) {
    const structured = result !== null && typeof result === 'object' && 'statusCode' in result ? result : undefined;
    if (!structured) {
        const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
        return;
    }
    const headers = {};
    for (const [k, v] of Object.entries(structured.headers ?? {}))
        headers[k.toLowerCase()] = String(v);
    if (structured.cookies?.length)
        headers['set-cookie'] = structured.cookies;
    const body = structured.body === undefined ? '' : structured.isBase64Encoded ? Buffer.from(structured.body, 'base64') : structured.body;
    res.writeHead(structured.statusCode ?? 200, headers).end(body);
}
/** The Lambda context a handler gets: request id, function name and a deadline from the template's timeout. */
export function lambdaContext(fn) {
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    return {
        callbackWaitsForEmptyEventLoop: false,
        functionName: fn.id,
        functionVersion: '$LATEST',
        invokedFunctionArn: functionArn(fn.id),
        memoryLimitInMB: '512',
        awsRequestId: randomUUID(),
        logGroupName: `/aws/lambda/${fn.id}`,
        logStreamName: `local/${LOCAL_REGION}`,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
    };
}
