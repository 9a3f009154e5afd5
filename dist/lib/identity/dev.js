import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { DEFAULT_TENANT_CLAIM, IDENTITY_ENV } from './config.js';
import { StaticDirectory } from './directory.js';
export const DEV_ISSUER = 'urn:serverless-automations:local-dev';
export const DEV_AUDIENCE = 'automations-local';
export const DEV_SUPERUSER_GROUP = 'admins';
/** The tenant of the development users (one user, zoe, is of DEV_OTHER_TENANT to show tenant scoping). */
export const DEV_TENANT = 'acme';
export const DEV_OTHER_TENANT = 'globex';
const user = (id, name, groups, permissions = [], tenant = DEV_TENANT) => ({
    id,
    name,
    email: `${id}@${tenant}.example`,
    tenant,
    groups,
    permissions,
});
/**
 * Example users for the example flows: approvers (ProcessInput), Moderators (IssueDiscussion),
 * and the purchase-request workflow's people: a requester, two finance reviewers (round robin
 * needs more than one), a budget manager, the CFO and two executives (Executive Approval with
 * `all`). Addresses use the reserved `.example` domain.
 */
export const DEV_USERS = [
    user('alice', 'Alice (approver)', ['approvers']),
    user('bob', 'Bob (moderator)', ['Moderators'], ['automations.view']),
    user('carol', 'Carol (no groups)', []),
    user('admin', 'Admin (superuser)', ['admins'], ['automations.view']),
    user('rita', 'Rita (requester)', ['requesters']),
    user('fatima', 'Fatima (finance reviewer)', ['finance-reviewers']),
    user('farid', 'Farid (finance reviewer)', ['finance-reviewers']),
    user('omar', 'Omar (budget manager)', ['budget-managers']),
    user('cora', 'Cora (CFO)', ['finance-directors']),
    user('eve', 'Eve (executive)', ['executives']),
    user('ethan', 'Ethan (executive)', ['executives']),
    user('zoe', 'Zoe (finance reviewer, other tenant)', ['finance-reviewers'], [], DEV_OTHER_TENANT),
];
/** The development users as an identity directory (every one active), for npm start and tests. */
export function devDirectory(users = DEV_USERS) {
    return new StaticDirectory(users.map((u) => ({ id: u.id, name: u.name, email: u.email, tenant: u.tenant, active: true, groups: [...u.groups] })), [DEV_SUPERUSER_GROUP]);
}
export async function generateDevKey() {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = randomUUID();
    return {
        privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' },
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
    };
}
/** The development key kept in `<dataDir>/dev-identity.json` (made once), or a fresh one without a data dir. */
export async function loadDevKey(dataDir) {
    if (!dataDir)
        return generateDevKey();
    const file = join(dataDir, 'dev-identity.json');
    if (existsSync(file))
        return JSON.parse(readFileSync(file, 'utf8'));
    const key = await generateDevKey();
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
    chmodSync(file, 0o600);
    return key;
}
/** The ATM_* settings under which the verifier accepts development tokens (and the dashboard offers the user picker). */
export function devIdentityEnv(key) {
    return {
        [IDENTITY_ENV.issuer]: DEV_ISSUER,
        [IDENTITY_ENV.audience]: DEV_AUDIENCE,
        [IDENTITY_ENV.jwks]: JSON.stringify({ keys: [key.publicJwk] }),
        [IDENTITY_ENV.superuserGroup]: DEV_SUPERUSER_GROUP,
        [IDENTITY_ENV.permissionsClaim]: 'permissions',
        [IDENTITY_ENV.devSigningKey]: JSON.stringify(key.privateJwk),
    };
}
/** A Cognito-shaped ID token for a development user, signed with the local key. */
export async function signDevToken(privateJwk, user, options = {}) {
    const key = await importJWK(privateJwk, 'ES256');
    const now = Math.floor(Date.now() / 1000);
    const claims = { 'cognito:username': user.id, 'cognito:groups': user.groups, permissions: user.permissions, token_use: 'id' };
    if (user.tenant)
        claims[process.env[IDENTITY_ENV.tenantClaim] || DEFAULT_TENANT_CLAIM] = user.tenant;
    if (user.email)
        claims.email = user.email;
    return new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid ?? 'dev', typ: 'JWT' })
        .setIssuer(options.issuer ?? DEV_ISSUER)
        .setAudience(options.audience ?? DEV_AUDIENCE)
        .setSubject(user.id)
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresIn ?? 8 * 3600))
        .setJti(randomUUID())
        .sign(key);
}
/**
 * Turns development sign-in on for this process (npm start): the local key from `dataDir`
 * and the ATM_* settings that go with it. Leaves a configured real issuer alone (returns null).
 */
export async function enableDevSignIn(dataDir, env = process.env) {
    if (env[IDENTITY_ENV.issuer] && !env[IDENTITY_ENV.devSigningKey])
        return null;
    Object.assign(env, devIdentityEnv(await loadDevKey(dataDir)));
    return DEV_USERS;
}
