import { z } from 'zod';
import { IDENTITY_ENV } from '../../lib/identity/config.js';
import { DEV_USERS, signDevToken } from '../../lib/identity/dev.js';
import { HttpError, json } from '../shared/http.js';
import { defineRoute, type RouteModule } from './route.js';

/**
 * Development sign-in, mounted by the local stack only (never by the deployed stack): the
 * example users and tokens for them, signed with the local key from ATM_DEV_SIGNING_KEY. The
 * tokens are then checked by the same verifier as any other.
 */
function signingKey(): Record<string, unknown> {
  const raw = process.env[IDENTITY_ENV.devSigningKey];
  if (!raw) throw new HttpError(404, 'not_found', 'Development sign-in is off (no ATM_DEV_SIGNING_KEY)');
  return JSON.parse(raw) as Record<string, unknown>;
}

const DevUser = z.object({ id: z.string(), name: z.string(), groups: z.array(z.string()), permissions: z.array(z.string()) });

export const devAuthRoutes: RouteModule = {
  name: 'dev-auth',
  routes: [
    defineRoute({
      method: 'GET', path: '/auth/dev-users', operationId: 'devUsers', summary: 'Local development only: the example users', tags: ['users'], public: true,
      responses: { 200: { description: 'Users', schema: z.object({ users: z.array(DevUser) }) }, 404: { description: 'Development sign-in is off' } },
      handle() {
        signingKey();
        return json(200, { users: DEV_USERS });
      },
    }),
    defineRoute({
      method: 'POST', path: '/auth/dev-token', operationId: 'devToken', summary: 'Local development only: a token for an example user', tags: ['users'], public: true,
      body: z.strictObject({ user: z.string().max(100) }),
      responses: { 200: { description: 'The token', schema: z.object({ token: z.string() }) }, 404: { description: 'No such user, or development sign-in is off' } },
      async handle({ body }) {
        const key = signingKey();
        const user = DEV_USERS.find((u) => u.id === body.user);
        if (!user) throw new HttpError(404, 'not_found', `No development user "${body.user}"`);
        const env = process.env;
        return json(200, { token: await signDevToken(key, user, { ...(env[IDENTITY_ENV.issuer] ? { issuer: env[IDENTITY_ENV.issuer] } : {}), ...(env[IDENTITY_ENV.audience] ? { audience: env[IDENTITY_ENV.audience]!.split(',')[0]! } : {}) }) });
      },
    }),
  ],
};
