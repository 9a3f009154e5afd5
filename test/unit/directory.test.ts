import { importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { IdentityConfigError, identityConfigFromEnv } from '../../lib/identity/config.js';
import { DEV_USERS, devDirectory, generateDevKey, signDevToken, DEV_AUDIENCE, DEV_ISSUER } from '../../lib/identity/dev.js';
import { CachedDirectory, StaticDirectory, UnknownGroupError, type Directory, type DirectoryUser } from '../../lib/identity/directory.js';
import { IdentityVerifier } from '../../lib/identity/verifier.js';

describe('the development directory', () => {
  it('keeps the four original users with their groups and gives every user an address and a tenant', async () => {
    const directory = devDirectory();
    expect(DEV_USERS.slice(0, 4).map((u) => [u.id, u.groups])).toEqual([['alice', ['approvers']], ['bob', ['Moderators']], ['carol', []], ['admin', ['admins']]]);
    expect(await directory.user('alice')).toEqual({ id: 'alice', name: 'Alice (approver)', email: 'alice@acme.example', tenant: 'acme', active: true, groups: ['approvers'] });
    for (const u of DEV_USERS) expect(u.email).toMatch(/^[a-z]+@[a-z]+\.example$/);
  });

  it('has the purchase-request people: two finance reviewers per tenant scope, a budget manager, the CFO, two executives', async () => {
    const directory = devDirectory();
    expect((await directory.groupMembers('finance-reviewers', 'acme')).map((u) => u.id)).toEqual(['farid', 'fatima']);
    expect((await directory.groupMembers('finance-reviewers')).map((u) => u.id)).toEqual(['farid', 'fatima', 'zoe']);
    expect((await directory.groupMembers('budget-managers', 'acme')).map((u) => u.id)).toEqual(['omar']);
    expect((await directory.groupMembers('finance-directors', 'acme')).map((u) => u.id)).toEqual(['cora']);
    expect((await directory.groupMembers('executives', 'acme')).map((u) => u.id)).toEqual(['ethan', 'eve']);
  });

  it('scopes users by tenant and tells an unknown group from an empty one', async () => {
    const directory = devDirectory();
    expect(await directory.user('zoe', 'acme')).toBeUndefined();
    expect((await directory.user('zoe', 'globex'))?.tenant).toBe('globex');
    expect(await directory.user('mallory')).toBeUndefined();
    expect(await directory.groupMembers('executives', 'globex')).toEqual([]);
    await expect(directory.groupMembers('executive')).rejects.toBeInstanceOf(UnknownGroupError);
  });
});

describe('StaticDirectory', () => {
  const users: DirectoryUser[] = [
    { id: 'b', active: true, groups: ['g'], tenant: 't' },
    { id: 'a', active: true, groups: ['g'] },
    { id: 'c', active: false, groups: ['g'], tenant: 't' },
  ];

  it('lists active members only, sorted, and a user without a tenant is in no tenant', async () => {
    const directory = new StaticDirectory(users, ['empty']);
    expect((await directory.groupMembers('g')).map((u) => u.id)).toEqual(['a', 'b']);
    expect((await directory.groupMembers('g', 't')).map((u) => u.id)).toEqual(['b']);
    expect(await directory.user('a', 't')).toBeUndefined();
    expect((await directory.user('c'))?.active).toBe(false);
    expect(await directory.groupMembers('empty')).toEqual([]);
  });

  it('hands out copies (a caller cannot change the directory) and refuses a user listed twice', async () => {
    const directory = new StaticDirectory(users);
    (await directory.user('a'))!.groups.push('admins');
    expect((await directory.user('a'))!.groups).toEqual(['g']);
    expect(() => new StaticDirectory([users[0]!, users[0]!])).toThrow(/listed twice/);
  });
});

describe('CachedDirectory', () => {
  function counting(inner: Directory) {
    const calls: string[] = [];
    const directory: Directory = {
      user: (id, tenant) => (calls.push(`user ${id} ${tenant ?? ''}`), inner.user(id, tenant)),
      groupMembers: (group, tenant) => (calls.push(`group ${group} ${tenant ?? ''}`), inner.groupMembers(group, tenant)),
    };
    return { directory, calls };
  }

  it('reuses answers (misses included) within the TTL and asks again after it', async () => {
    let now = 1_000;
    const { directory, calls } = counting(devDirectory());
    const cached = new CachedDirectory(directory, { ttlMs: 100, now: () => now });
    await cached.user('alice');
    await cached.user('alice');
    await cached.user('nobody');
    await cached.user('nobody');
    await cached.groupMembers('executives', 'acme');
    await cached.groupMembers('executives', 'acme');
    await cached.groupMembers('executives');
    expect(calls).toEqual(['user alice ', 'user nobody ', 'group executives acme', 'group executives ']);
    now += 100;
    await cached.user('alice');
    expect(calls.length).toBe(5);
  });

  it('shares one lookup between concurrent callers, does not cache failures, and keeps at most maxEntries', async () => {
    const { directory, calls } = counting(devDirectory());
    const cached = new CachedDirectory(directory, { maxEntries: 2 });
    await Promise.all([cached.user('bob'), cached.user('bob'), cached.user('bob')]);
    expect(calls).toEqual(['user bob ']);
    await expect(cached.groupMembers('nope')).rejects.toBeInstanceOf(UnknownGroupError);
    await expect(cached.groupMembers('nope')).rejects.toBeInstanceOf(UnknownGroupError);
    expect(calls.filter((c) => c.startsWith('group nope')).length).toBe(2);
    await cached.user('carol');
    await cached.user('admin'); // evicts bob (oldest)
    await cached.user('bob');
    expect(calls.filter((c) => c === 'user bob ').length).toBe(2);
  });

  it('hands out copies of cached answers', async () => {
    const cached = new CachedDirectory(devDirectory());
    (await cached.groupMembers('executives'))[0]!.groups.push('admins');
    expect((await cached.groupMembers('executives'))[0]!.groups).toEqual(['executives']);
  });
});

describe('the tenant claim in the verified identity', () => {
  it('reads custom:tenant by default, another claim when ATM_TENANT_CLAIM names it, and nothing when absent', async () => {
    const key = await generateDevKey();
    const jwks = { keys: [key.publicJwk as Record<string, unknown>] };
    const verifier = new IdentityVerifier({ issuer: DEV_ISSUER, audience: [DEV_AUDIENCE], jwks });
    const rita = DEV_USERS.find((u) => u.id === 'rita')!;
    expect(await verifier.verify(await signDevToken(key.privateJwk, rita))).toMatchObject({ id: 'rita', tenant: 'acme' });
    const none = await verifier.verify(await signDevToken(key.privateJwk, { id: 'x', groups: [], permissions: [] }));
    expect('tenant' in none).toBe(false);

    const config = identityConfigFromEnv({ ATM_JWT_ISSUER: DEV_ISSUER, ATM_JWT_AUDIENCE: DEV_AUDIENCE, ATM_JWKS: JSON.stringify(jwks), ATM_TENANT_CLAIM: 'org' })!;
    expect(config.tenantClaim).toBe('org');
    const byOrg = new IdentityVerifier(config);
    const token = await signDevToken(key.privateJwk, rita); // carries custom:tenant, not org
    expect((await byOrg.verify(token)).tenant).toBeUndefined();
    const withOrg = await new SignJWT({ 'cognito:username': 'rita', org: 'initech' })
      .setProtectedHeader({ alg: 'ES256', kid: key.privateJwk.kid! }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h')
      .sign(await importJWK(key.privateJwk, 'ES256'));
    expect((await byOrg.verify(withOrg)).tenant).toBe('initech');
    expect(() => identityConfigFromEnv({ ATM_TENANT_CLAIM: 'org' })).toThrow(IdentityConfigError);
  });
});
