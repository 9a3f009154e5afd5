import { dashboardAssets } from '../../lib/dashboard/assets.js';
import { IDENTITY_ENV } from '../../lib/identity/config.js';
import { header, HttpError } from '../shared/http.js';
import { defineRoute } from './route.js';
/**
 * The dashboard (a static page and its scripts) served by the API function itself: GET / and
 * GET /dashboard/{file}. Public: the page holds no data; everything it shows comes from the
 * user-token routes. A strict Content-Security-Policy keeps any markup that slipped into data
 * from running: scripts only from this origin, no inline scripts, no eval.
 */
export function contentSecurityPolicy(env = process.env) {
    const cognito = env[IDENTITY_ENV.cognitoDomain]?.replace(/\/+$/, '');
    return [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        `connect-src 'self'${cognito ? ` ${cognito}` : ''}`,
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ].join('; ');
}
function serve(event, found, extra = {}) {
    const headers = {
        'content-type': found.type,
        'cache-control': 'no-cache',
        etag: found.etag,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        ...extra,
    };
    if (header(event, 'if-none-match') === found.etag)
        return { statusCode: 304, headers, body: '' };
    const gzip = found.gzip && /\bgzip\b/.test(header(event, 'accept-encoding') ?? '');
    if (gzip)
        return { statusCode: 200, headers: { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' }, body: found.gzip.toString('base64'), isBase64Encoded: true };
    return { statusCode: 200, headers: { ...headers, vary: 'accept-encoding' }, body: found.body.toString('utf8') };
}
export const dashboardRoutes = {
    name: 'dashboard',
    routes: [
        defineRoute({
            method: 'GET', path: '/', operationId: 'dashboard', summary: 'The dashboard (HTML): tasks, forms, instances, automations', tags: ['dashboard'], public: true,
            responses: { 200: { description: 'text/html' } },
            async handle({ event }) {
                const assets = await dashboardAssets();
                return serve(event, assets.get('index.html'), { 'content-security-policy': contentSecurityPolicy(), 'x-frame-options': 'DENY' });
            },
        }),
        defineRoute({
            method: 'GET', path: '/dashboard/{file}', operationId: 'dashboardAsset', summary: "The dashboard's scripts and styles", tags: ['dashboard'], public: true,
            responses: { 200: { description: 'The file' }, 404: { description: 'No such file' } },
            async handle({ event, params }) {
                const assets = await dashboardAssets();
                const found = assets.get(params.file ?? '');
                if (!found || params.file === 'index.html')
                    throw new HttpError(404, 'not_found', `No dashboard file ${params.file}`);
                return serve(event, found);
            },
        }),
    ],
};
