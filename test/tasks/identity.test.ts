import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ProcessInput } from '../../flows/index.js';
import { identityConfigFromEnv, IdentityConfigError, signInOptionsFromEnv } from '../../lib/identity/config.js';
import { DEV_AUDIENCE, DEV_ISSUER, devIdentityEnv, generateDevKey } from '../../lib/identity/dev.js';
import { IdentityVerifier } from '../../lib/identity/verifier.js';
import { alice, carol, snapshot, taskApi } from './support.js';

async function withApprovalTask() {
  const api = await taskApi([ProcessInput]);
  const instance = await api.runtime.engine.start(ProcessInput, { requester: 'rita', amount: 50_000 });
  const task = (await api.runtime.engine.tasksFor({ id: 'x', superuser: true })).items[0]!;
  return { api, id: instance.id, task: task.task };
}

describe('user tokens: every forged, expired or misdirected token is refused with 401 and changes nothing', () => {
  it('accepts a good token and reads user, groups, permissions and the superuser group from its claims', async () => {
    const { api } = await withApprovalTask();
    const me = await api.request('GET', '/me', { id: 'admin', groups: ['admins', 'approvers'], permissions: ['automations.view'] });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: 'admin', groups: ['admins', 'approvers'], permissions: ['automations.view'], superuser: true, viewer: true });
    expect((await api.request('GET', '/me', alice)).body).toMatchObject({ id: 'alice', superuser: false, viewer: false });
  });

  it('refuses missing, forged, tampered, unsigned, HMAC, expired, wrong-audience and wrong-issuer tokens', async () => {
    const { api, id, task } = await withApprovalTask();
    const before = await snapshot(api, id);
    const good = await api.token(alice);
    const [header, payload, signature] = good.split('.') as [string, string, string];

    const otherKey = await generateDevKey();
    const sameKid = { ...otherKey.privateJwk, kid: api.key.publicJwk.kid };
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:username': 'carol', 'cognito:groups': ['approvers', 'admins'] })).toString('base64url')}.${signature}`;
    const unsigned = new UnsecuredJWT({ 'cognito:username': 'alice', 'cognito:groups': ['admins'] }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h').encode();
    const hmac = await new SignJWT({ 'cognito:username': 'alice', 'cognito:groups': ['admins'] })
      .setProtectedHeader({ alg: 'HS256', kid: api.key.publicJwk.kid! }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h')
      .sign(new TextEncoder().encode(JSON.stringify(api.key.publicJwk)));

    const cases: [string, string | null, string][] = [
      ['no token', null, 'missing_token'],
      ['not a JWT', 'hello', 'invalid_token'],
      ['signed by another key (unknown kid)', await api.token(alice, { signWith: otherKey.privateJwk }), 'invalid_token'],
      ['signed by another key (same kid)', await api.token(alice, { signWith: sameKid }), 'invalid_token'],
      ['claims changed after signing', tampered, 'invalid_token'],
      ['alg none', unsigned, 'invalid_token'],
      ['HS256 with the public key as secret', hmac, 'invalid_token'],
      ['expired', await api.token(alice, { expiresIn: -120 }), 'token_expired'],
      ['wrong audience', await api.token(alice, { audience: 'another-app' }), 'wrong_audience'],
      ['wrong issuer', await api.token(alice, { issuer: 'https://evil.example' }), 'wrong_issuer'],
    ];
    for (const [what, token, code] of cases) {
      for (const [method, path, body] of [
        ['GET', '/tasks', undefined],
        ['GET', `/tasks/${id}/${task}`, undefined],
        ['POST', `/tasks/${id}/${task}`, { values: { approved: true } }],
        ['GET', `/views/instances/${id}`, undefined],
      ] as const) {
        const res = await api.request(method, path, token, body ? { body } : {});
        expect(res.status, `${what}: ${method} ${path}`).toBe(401);
        expect(res.body.error.code, what).toBe(code);
        expect(res.headers['www-authenticate']).toBe('Bearer');
      }
    }
    expect(await snapshot(api, id)).toEqual(before);
    // The genuine token still works, and the task is still there to be done.
    expect((await api.request('GET', '/tasks', good)).body.items).toHaveLength(1);
  });

  it('takes the audience from client_id for Cognito access tokens, and can insist on one token_use', async () => {
    const key = await generateDevKey();
    const verifier = new IdentityVerifier({ issuer: DEV_ISSUER, audience: ['client-1'], jwks: { keys: [key.publicJwk as Record<string, unknown>] }, tokenUse: 'access' });
    const { importJWK } = await import('jose');
    const signer = await importJWK(key.privateJwk, 'ES256');
    const access = await new SignJWT({ client_id: 'client-1', username: 'alice', 'cognito:groups': ['approvers'], token_use: 'access', scope: 'openid' })
      .setProtectedHeader({ alg: 'ES256', kid: key.privateJwk.kid! }).setIssuer(DEV_ISSUER).setExpirationTime('1h').sign(signer);
    expect(await verifier.verify(access)).toMatchObject({ id: 'alice', groups: ['approvers'], permissions: [], superuser: false });
    const otherClient = await new SignJWT({ client_id: 'client-2', username: 'alice', token_use: 'access' })
      .setProtectedHeader({ alg: 'ES256', kid: key.privateJwk.kid! }).setIssuer(DEV_ISSUER).setExpirationTime('1h').sign(signer);
    await expect(verifier.verify(otherClient)).rejects.toMatchObject({ code: 'wrong_audience' });
    const idToken = await new SignJWT({ 'cognito:username': 'alice', token_use: 'id' })
      .setProtectedHeader({ alg: 'ES256', kid: key.privateJwk.kid! }).setIssuer(DEV_ISSUER).setAudience('client-1').setExpirationTime('1h').sign(signer);
    await expect(verifier.verify(idToken)).rejects.toMatchObject({ code: 'invalid_token' });
  });

  it('lets a resolver replace groups and permissions (non-standard setups)', async () => {
    const key = await generateDevKey();
    const directory: Record<string, string[]> = { alice: ['approvers', 'finance'] };
    const verifier = new IdentityVerifier({
      issuer: DEV_ISSUER, audience: [DEV_AUDIENCE], jwks: { keys: [key.publicJwk as Record<string, unknown>] },
      resolver: (_claims, fromClaims) => ({ ...fromClaims, groups: directory[fromClaims.id] ?? [], permissions: ['looked.up'] }),
    });
    const { signDevToken } = await import('../../lib/identity/dev.js');
    const token = await signDevToken(key.privateJwk, { id: 'alice', groups: ['ignored'], permissions: [] });
    expect(await verifier.verify(token)).toMatchObject({ id: 'alice', groups: ['approvers', 'finance'], permissions: ['looked.up'] });
  });
});

describe('identity configuration: one place, a clear error when half-configured', () => {
  it('is off when no ATM_* identity variable is set; the user routes then answer 503, not 200', async () => {
    expect(identityConfigFromEnv({})).toBeNull();
    expect(signInOptionsFromEnv({})).toEqual({ mode: 'off' });
    const { createUserAuth } = await import('../../lambdas/api/user-auth.js');
    const auth = createUserAuth({ config: null });
    await expect(auth.authenticate({ headers: { authorization: 'Bearer x' } } as never)).rejects.toMatchObject({ status: 503, code: 'sign_in_off' });
  });

  it('names what is missing when half-configured', () => {
    expect(() => identityConfigFromEnv({ ATM_JWT_ISSUER: 'https://issuer.example' })).toThrow(IdentityConfigError);
    expect(() => identityConfigFromEnv({ ATM_JWT_ISSUER: 'https://issuer.example' })).toThrow(/ATM_JWT_AUDIENCE is not/);
    expect(() => identityConfigFromEnv({ ATM_GROUPS_CLAIM: 'groups' })).toThrow(/ATM_GROUPS_CLAIM is set but ATM_JWT_ISSUER and ATM_JWT_AUDIENCE are not/);
    expect(() => identityConfigFromEnv({ ATM_JWT_ISSUER: 'i', ATM_JWT_AUDIENCE: 'a', ATM_JWKS: '{"keys":[]}', ATM_JWKS_URL: 'https://x.example/jwks' })).toThrow(/not both/);
    expect(() => identityConfigFromEnv({ ATM_JWT_ISSUER: 'i', ATM_JWT_AUDIENCE: 'a', ATM_JWKS_URL: 'http://x.example/jwks' })).toThrow(/https/);
    expect(() => identityConfigFromEnv({ ATM_JWT_ISSUER: 'i', ATM_JWT_AUDIENCE: 'a', ATM_JWT_ALGORITHMS: 'HS256' })).toThrow(/asymmetric/);
    expect(() => signInOptionsFromEnv({ ATM_JWT_ISSUER: 'i', ATM_JWT_AUDIENCE: 'a', ATM_COGNITO_DOMAIN: 'https://x.auth.eu-west-1.amazoncognito.com' })).toThrow(/go together/);
  });

  it('reads a full configuration (Cognito defaults: JWKS under the issuer, cognito:groups)', async () => {
    const config = identityConfigFromEnv({
      ATM_JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc', ATM_JWT_AUDIENCE: 'client-a, client-b', ATM_SUPERUSER_GROUP: 'admins', ATM_PERMISSIONS_CLAIM: 'custom:perms',
    });
    expect(config).toEqual({ issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc', audience: ['client-a', 'client-b'], superuserGroup: 'admins', permissionsClaim: 'custom:perms' });
    expect(signInOptionsFromEnv({ ATM_JWT_ISSUER: 'i', ATM_JWT_AUDIENCE: 'a', ATM_COGNITO_DOMAIN: 'https://x.auth.eu-west-1.amazoncognito.com/', ATM_COGNITO_CLIENT_ID: 'c' }))
      .toEqual({ mode: 'cognito', cognito: { domain: 'https://x.auth.eu-west-1.amazoncognito.com', clientId: 'c' } });
    const dev = devIdentityEnv(await generateDevKey());
    expect(signInOptionsFromEnv(dev)).toEqual({ mode: 'dev' });
    expect(identityConfigFromEnv(dev)).toMatchObject({ issuer: DEV_ISSUER, audience: [DEV_AUDIENCE], superuserGroup: 'admins' });
  });

  it('answers 500 identity_misconfigured (not an open API) when the variables are half set', async () => {
    const { createUserAuth } = await import('../../lambdas/api/user-auth.js');
    const auth = createUserAuth({ config: () => identityConfigFromEnv({ ATM_JWT_AUDIENCE: 'a' }) });
    await expect(auth.authenticate({ headers: { authorization: 'Bearer x' } } as never)).rejects.toMatchObject({ status: 500, code: 'identity_misconfigured' });
  });

  it('shows each user only what their current token says: losing a group loses the task', async () => {
    const { api, id, task } = await withApprovalTask();
    expect((await api.request('GET', '/tasks', alice)).body.items).toHaveLength(1);
    const former = { id: 'alice', groups: [] };
    expect((await api.request('GET', '/tasks', former)).body.items).toEqual([]);
    expect((await api.request('GET', `/tasks/${id}/${task}`, former)).status).toBe(403);
    expect((await api.request('GET', '/tasks', carol)).body.items).toEqual([]);
  });
});
