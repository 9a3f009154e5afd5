import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { IDENTITY_ENV } from './config.js';

/**
 * Development sign-in for `npm start` and the tests: a few example users, tokens signed with a
 * local ES256 key, and the ATM_* settings that make the ordinary verifier accept them. Nothing
 * here is deployed: the stack never sets ATM_DEV_SIGNING_KEY, and the routes that mint tokens
 * are mounted by the local stack only.
 */
export interface DevUser {
  id: string;
  name: string;
  groups: string[];
  permissions: string[];
}

export const DEV_ISSUER = 'urn:serverless-automations:local-dev';
export const DEV_AUDIENCE = 'automations-local';
export const DEV_SUPERUSER_GROUP = 'admins';

/** Example users for the example flows: approvers (ProcessInput), Moderators (IssueDiscussion). */
export const DEV_USERS: readonly DevUser[] = [
  { id: 'alice', name: 'Alice (approver)', groups: ['approvers'], permissions: [] },
  { id: 'bob', name: 'Bob (moderator)', groups: ['Moderators'], permissions: ['automations.view'] },
  { id: 'carol', name: 'Carol (no groups)', groups: [], permissions: [] },
  { id: 'admin', name: 'Admin (superuser)', groups: ['admins'], permissions: ['automations.view'] },
];

export interface DevKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function generateDevKey(): Promise<DevKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
}

/** The development key kept in `<dataDir>/dev-identity.json` (made once), or a fresh one without a data dir. */
export async function loadDevKey(dataDir: string | null): Promise<DevKey> {
  if (!dataDir) return generateDevKey();
  const file = join(dataDir, 'dev-identity.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevKey;
  const key = await generateDevKey();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/** The ATM_* settings under which the verifier accepts development tokens (and the dashboard offers the user picker). */
export function devIdentityEnv(key: DevKey): Record<string, string> {
  return {
    [IDENTITY_ENV.issuer]: DEV_ISSUER,
    [IDENTITY_ENV.audience]: DEV_AUDIENCE,
    [IDENTITY_ENV.jwks]: JSON.stringify({ keys: [key.publicJwk] }),
    [IDENTITY_ENV.superuserGroup]: DEV_SUPERUSER_GROUP,
    [IDENTITY_ENV.permissionsClaim]: 'permissions',
    [IDENTITY_ENV.devSigningKey]: JSON.stringify(key.privateJwk),
  };
}

export interface DevTokenOptions {
  issuer?: string;
  audience?: string;
  /** Seconds until expiry (default 8 hours); negative for an expired token. */
  expiresIn?: number;
}

/** A Cognito-shaped ID token for a development user, signed with the local key. */
export async function signDevToken(privateJwk: JWK, user: Pick<DevUser, 'id' | 'groups' | 'permissions'>, options: DevTokenOptions = {}): Promise<string> {
  const key = await importJWK(privateJwk, 'ES256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ 'cognito:username': user.id, 'cognito:groups': user.groups, permissions: user.permissions, token_use: 'id' })
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
export async function enableDevSignIn(dataDir: string | null, env: NodeJS.ProcessEnv = process.env): Promise<readonly DevUser[] | null> {
  if (env[IDENTITY_ENV.issuer] && !env[IDENTITY_ENV.devSigningKey]) return null;
  Object.assign(env, devIdentityEnv(await loadDevKey(dataDir)));
  return DEV_USERS;
}
