import * as z from 'zod';
import { IDENTITY_ENV } from '../../lib/identity/config.js';
import { DEV_USERS, signDevToken } from '../../lib/identity/dev.js';
import { header, HttpError, json } from '../shared/http.js';
import { defineRoute } from './route.js';
/**
 * Development sign-in, mounted by the local stack only (never by the deployed stack): the
 * example users and tokens for them, signed with the local key from ATM_DEV_SIGNING_KEY. The
 * tokens are then checked by the same verifier as any other.
 */
function signingKey() {
    const raw = process.env[IDENTITY_ENV.devSigningKey];
    if (!raw)
        throw new HttpError(404, 'not_found', 'Development sign-in is off (no ATM_DEV_SIGNING_KEY)');
    return JSON.parse(raw);
}
/** localhost, 127.0.0.1 or [::1], with an optional port: how a browser on this machine names the local stack. */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;
export function isLoopbackHost(host) {
    return host !== undefined && LOOPBACK_HOST.test(host.trim());
}
export function isLoopbackOrigin(origin) {
    const match = /^https?:\/\/([^/]+)$/i.exec(origin.trim());
    return match !== null && isLoopbackHost(match[1]);
}
/**
 * Development sign-in answers only requests made to this machine by name: a loopback Host, and
 * a loopback Origin when a browser sends one. A web page elsewhere that points its own name at
 * 127.0.0.1 (DNS rebinding) sends its own name as Host, and a cross-site form its own Origin.
 */
function requireLoopback(event) {
    // The Host header; an event without one (a test's, an HTTP/1.0 client's) has the adapter's domain name, made from it.
    const host = header(event, 'host') ?? event.requestContext?.domainName;
    if (!isLoopbackHost(host)) {
        throw new HttpError(403, 'not_loopback', `Development sign-in answers only requests to localhost, 127.0.0.1 or [::1]; this one is for Host "${host ?? ''}"`);
    }
    const origin = header(event, 'origin');
    if (origin !== undefined && !isLoopbackOrigin(origin)) {
        throw new HttpError(403, 'not_loopback', `Development sign-in answers only pages served from localhost, 127.0.0.1 or [::1]; this request comes from Origin "${origin}"`);
    }
}
/** A JSON body only: a cross-site HTML form can send text/plain or form data without a CORS preflight, never application/json. */
function requireJson(event) {
    const type = header(event, 'content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
        throw new HttpError(415, 'unsupported_media_type', `Send the body as JSON (Content-Type: application/json), not "${type}"`);
    }
}
const DevUser = z.object({ id: z.string(), name: z.string(), groups: z.array(z.string()), permissions: z.array(z.string()) });
export const devAuthRoutes = {
    name: 'dev-auth',
    routes: [
        defineRoute({
            method: 'GET', path: '/auth/dev-users', operationId: 'devUsers', summary: 'Local development only: the example users', tags: ['users'], public: true,
            responses: { 200: { description: 'Users', schema: z.object({ users: z.array(DevUser) }) }, 403: { description: 'Not a loopback Host or Origin' }, 404: { description: 'Development sign-in is off' } },
            guard: requireLoopback,
            handle() {
                signingKey();
                return json(200, { users: DEV_USERS });
            },
        }),
        defineRoute({
            method: 'POST', path: '/auth/dev-token', operationId: 'devToken', summary: 'Local development only: a token for an example user', tags: ['users'], public: true,
            body: z.strictObject({ user: z.string().max(100) }),
            description: 'Only for a loopback Host (localhost, 127.0.0.1, [::1]) and Origin, and a JSON body.',
            responses: {
                200: { description: 'The token', schema: z.object({ token: z.string() }) },
                403: { description: 'Not a loopback Host or Origin' },
                404: { description: 'No such user, or development sign-in is off' },
                415: { description: 'The body is not sent as application/json' },
            },
            guard(event) {
                requireLoopback(event);
                requireJson(event);
            },
            async handle({ body }) {
                const key = signingKey();
                const user = DEV_USERS.find((u) => u.id === body.user);
                if (!user)
                    throw new HttpError(404, 'not_found', `No development user "${body.user}"`);
                const env = process.env;
                return json(200, { token: await signDevToken(key, user, { ...(env[IDENTITY_ENV.issuer] ? { issuer: env[IDENTITY_ENV.issuer] } : {}), ...(env[IDENTITY_ENV.audience] ? { audience: env[IDENTITY_ENV.audience].split(',')[0] } : {}) }) });
            },
        }),
    ],
};
