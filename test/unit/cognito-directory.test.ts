import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CognitoDirectory, cognitoDirectoryFromEnv } from '../../lib/aws/cognito-directory.js';
import { UnknownGroupError } from '../../lib/identity/directory.js';

/**
 * A client test of the Cognito adapter: a tiny stand-in on loopback answers the JSON-protocol
 * operations the adapter sends (X-Amz-Target AWSCognitoIdentityProviderService.*), pages as
 * Cognito does (Limit, NextToken) and records every request, so the test checks request
 * shapes and paging — not Cognito itself.
 */
interface StandInUser {
  Username: string;
  Attributes: { Name: string; Value: string }[];
  Enabled: boolean;
  UserStatus: string;
  groups: string[];
}

const POOL = 'eu-west-1_TestPool';
const users: StandInUser[] = [
  { Username: 'fatima', Enabled: true, UserStatus: 'CONFIRMED', groups: ['finance-reviewers'], Attributes: [{ Name: 'email', Value: 'fatima@acme.example' }, { Name: 'name', Value: 'Fatima' }, { Name: 'custom:tenant', Value: 'acme' }, { Name: 'custom:org', Value: 'acme-org' }] },
  { Username: 'farid', Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD', groups: ['finance-reviewers', 'executives'], Attributes: [{ Name: 'email', Value: 'farid@acme.example' }, { Name: 'given_name', Value: 'Farid' }, { Name: 'family_name', Value: 'Haddad' }, { Name: 'custom:tenant', Value: 'acme' }] },
  { Username: 'dora', Enabled: false, UserStatus: 'CONFIRMED', groups: ['finance-reviewers'], Attributes: [{ Name: 'email', Value: 'dora@acme.example' }, { Name: 'custom:tenant', Value: 'acme' }] },
  { Username: 'uma', Enabled: true, UserStatus: 'UNCONFIRMED', groups: ['finance-reviewers'], Attributes: [{ Name: 'custom:tenant', Value: 'acme' }] },
  { Username: 'zoe', Enabled: true, UserStatus: 'CONFIRMED', groups: ['finance-reviewers'], Attributes: [{ Name: 'email', Value: 'zoe@globex.example' }, { Name: 'custom:tenant', Value: 'globex' }] },
  { Username: 'abe', Enabled: true, UserStatus: 'CONFIRMED', groups: ['finance-reviewers'], Attributes: [{ Name: 'email', Value: 'abe@acme.example' }, { Name: 'custom:tenant', Value: 'acme' }] },
];
const groups = new Set(['finance-reviewers', 'executives', 'empty']);
const requests: { target: string; body: Record<string, unknown> }[] = [];

function page<T>(items: T[], body: Record<string, unknown>): { items: T[]; next?: string } {
  const start = typeof body.NextToken === 'string' ? Number(body.NextToken.replace('page-', '')) : 0;
  const limit = typeof body.Limit === 'number' ? body.Limit : 60;
  const end = start + limit;
  return { items: items.slice(start, end), ...(end < items.length ? { next: `page-${end}` } : {}) };
}

function answer(target: string, body: Record<string, unknown>): { status: number; body: unknown } {
  if (body.UserPoolId !== POOL) return { status: 400, body: { __type: 'ResourceNotFoundException', message: 'User pool does not exist' } };
  const op = target.replace('AWSCognitoIdentityProviderService.', '');
  if (op === 'AdminGetUser') {
    const user = users.find((u) => u.Username === body.Username);
    if (!user) return { status: 400, body: { __type: 'UserNotFoundException', message: 'User does not exist.' } };
    return { status: 200, body: { Username: user.Username, UserAttributes: user.Attributes, Enabled: user.Enabled, UserStatus: user.UserStatus, UserCreateDate: 1_700_000_000 } };
  }
  if (op === 'AdminListGroupsForUser') {
    const user = users.find((u) => u.Username === body.Username);
    if (!user) return { status: 400, body: { __type: 'UserNotFoundException', message: 'User does not exist.' } };
    const p = page(user.groups.map((g) => ({ GroupName: g, UserPoolId: POOL })), body);
    return { status: 200, body: { Groups: p.items, ...(p.next ? { NextToken: p.next } : {}) } };
  }
  if (op === 'ListUsersInGroup') {
    if (!groups.has(String(body.GroupName))) return { status: 400, body: { __type: 'ResourceNotFoundException', message: 'Group not found.' } };
    const members = users.filter((u) => u.groups.includes(String(body.GroupName)));
    const p = page(members.map(({ groups: _g, ...u }) => u), body);
    return { status: 200, body: { Users: p.items, ...(p.next ? { NextToken: p.next } : {}) } };
  }
  return { status: 400, body: { __type: 'UnknownOperationException', message: op } };
}

let server: Server;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      requests.push({ target, body });
      const out = answer(target, body);
      res.writeHead(out.status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  client = new CognitoIdentityProviderClient({ endpoint: `http://127.0.0.1:${port}`, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  requests.length = 0;
});

describe('CognitoDirectory (against a loopback stand-in of the two Cognito operations)', () => {
  it('reads a user with AdminGetUser and their groups, mapping name, e-mail, tenant and status', async () => {
    const directory = new CognitoDirectory({ userPoolId: POOL, client });
    const farid = await directory.user('farid');
    expect(farid).toEqual({ id: 'farid', name: 'Farid Haddad', email: 'farid@acme.example', tenant: 'acme', active: true, groups: ['executives', 'finance-reviewers'] });
    expect(requests.map((r) => r.target)).toEqual(['AWSCognitoIdentityProviderService.AdminGetUser', 'AWSCognitoIdentityProviderService.AdminListGroupsForUser']);
    expect(requests[0]!.body).toEqual({ UserPoolId: POOL, Username: 'farid' });
    expect((await directory.user('dora'))?.active).toBe(false);
    expect((await directory.user('uma'))?.active).toBe(false);
  });

  it('answers undefined for an unknown user and for a user of another tenant (without reading their groups)', async () => {
    const directory = new CognitoDirectory({ userPoolId: POOL, client });
    expect(await directory.user('mallory')).toBeUndefined();
    requests.length = 0;
    expect(await directory.user('zoe', 'acme')).toBeUndefined();
    expect(requests.map((r) => r.target)).toEqual(['AWSCognitoIdentityProviderService.AdminGetUser']);
    expect((await directory.user('zoe', 'globex'))?.email).toBe('zoe@globex.example');
  });

  it('lists a group through every page, keeping active members of the tenant only, sorted by id', async () => {
    const directory = new CognitoDirectory({ userPoolId: POOL, client, pageSize: 2 });
    const members = await directory.groupMembers('finance-reviewers', 'acme');
    expect(members.map((m) => m.id)).toEqual(['abe', 'farid', 'fatima']);
    const calls = requests.filter((r) => r.target.endsWith('ListUsersInGroup')).map((r) => r.body);
    expect(calls).toEqual([
      { UserPoolId: POOL, GroupName: 'finance-reviewers', Limit: 2 },
      { UserPoolId: POOL, GroupName: 'finance-reviewers', Limit: 2, NextToken: 'page-2' },
      { UserPoolId: POOL, GroupName: 'finance-reviewers', Limit: 2, NextToken: 'page-4' },
    ]);
    expect(members[2]).toEqual({ id: 'fatima', name: 'Fatima', email: 'fatima@acme.example', tenant: 'acme', active: true, groups: ['finance-reviewers'] });
    expect((await directory.groupMembers('finance-reviewers')).map((m) => m.id)).toEqual(['abe', 'farid', 'fatima', 'zoe']);
  });

  it('tells an empty group from one that does not exist', async () => {
    const directory = new CognitoDirectory({ userPoolId: POOL, client });
    expect(await directory.groupMembers('empty')).toEqual([]);
    await expect(directory.groupMembers('finance-reviewrs')).rejects.toBeInstanceOf(UnknownGroupError);
  });

  it('reads the tenant from the configured attribute (ATM_TENANT_CLAIM) and caches answers from the environment factory', async () => {
    const directory = cognitoDirectoryFromEnv({ ATM_USER_POOL_ID: POOL, ATM_TENANT_CLAIM: 'custom:org' }, client)!;
    expect((await directory.user('fatima'))?.tenant).toBe('acme-org');
    expect(await directory.user('farid', 'acme')).toBeUndefined(); // farid has no custom:org
    const before = requests.length;
    await directory.user('fatima');
    expect(requests.length).toBe(before);
    expect(cognitoDirectoryFromEnv({})).toBeNull();
  });
});
