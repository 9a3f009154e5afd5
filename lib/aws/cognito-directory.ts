import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  type AttributeType,
  type UserStatusType,
} from '@aws-sdk/client-cognito-identity-provider';
import { DEFAULT_TENANT_CLAIM, IDENTITY_ENV } from '../identity/config.js';
import { CachedDirectory, inTenant, UnknownGroupError, type Directory, type DirectoryUser } from '../identity/directory.js';
import { clientConfig } from './aws-clients.js';
import { DIRECTORY_ENV, numberFromEnv } from './env.js';

export { DIRECTORY_ENV };

export interface CognitoDirectoryOptions {
  userPoolId: string;
  /** The user attribute naming the tenant (default custom:tenant, the same name as the token claim). */
  tenantAttribute?: string;
  client?: CognitoIdentityProviderClient;
  /** Users per ListUsersInGroup / groups per AdminListGroupsForUser page (Cognito allows 1–60; default 60). */
  pageSize?: number;
}

/**
 * Statuses in which an enabled account counts as active. UNCONFIRMED (never verified),
 * ARCHIVED and COMPROMISED accounts are not given work; FORCE_CHANGE_PASSWORD (invited, not
 * yet signed in) and RESET_REQUIRED are: the person exists and can sign in.
 */
const INACTIVE_STATUSES = new Set<UserStatusType | string>(['UNCONFIRMED', 'ARCHIVED', 'COMPROMISED']);

function attribute(attributes: readonly AttributeType[] | undefined, name: string): string | undefined {
  const value = attributes?.find((a) => a.Name === name)?.Value;
  return value === undefined || value === '' ? undefined : value;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/**
 * The directory on an Amazon Cognito user pool: AdminGetUser (+ AdminListGroupsForUser for
 * the user's groups) and ListUsersInGroup, every page. The user id is the Cognito username
 * (the `cognito:username` claim). Name: the `name` attribute, else given + family name; e-mail:
 * `email`; tenant: the configured attribute. Needs cognito-idp:AdminGetUser,
 * AdminListGroupsForUser and ListUsersInGroup on the pool; wrap it in a CachedDirectory
 * (cognitoDirectoryFromEnv does) since those APIs are rate-limited.
 */
export class CognitoDirectory implements Directory {
  readonly #client: CognitoIdentityProviderClient;
  readonly #pool: string;
  readonly #tenantAttribute: string;
  readonly #pageSize: number;

  constructor(options: CognitoDirectoryOptions) {
    if (!options.userPoolId) throw new Error('CognitoDirectory needs a user pool id');
    this.#pool = options.userPoolId;
    this.#tenantAttribute = options.tenantAttribute ?? DEFAULT_TENANT_CLAIM;
    this.#pageSize = Math.min(60, Math.max(1, Math.floor(options.pageSize ?? 60)));
    this.#client = options.client ?? new CognitoIdentityProviderClient(clientConfig('COGNITO_IDENTITY_PROVIDER'));
  }

  async user(id: string, tenant?: string): Promise<DirectoryUser | undefined> {
    let response;
    try {
      response = await this.#client.send(new AdminGetUserCommand({ UserPoolId: this.#pool, Username: id }));
    } catch (error) {
      if (errorName(error) === 'UserNotFoundException') return undefined;
      throw error;
    }
    const user = this.#toUser(response.Username ?? id, response.UserAttributes, response.Enabled, response.UserStatus, []);
    if (!inTenant(user, tenant)) return undefined;
    user.groups = await this.#groupsOf(user.id);
    return user;
  }

  async groupMembers(group: string, tenant?: string): Promise<DirectoryUser[]> {
    const members: DirectoryUser[] = [];
    let next: string | undefined;
    do {
      let page;
      try {
        page = await this.#client.send(new ListUsersInGroupCommand({ UserPoolId: this.#pool, GroupName: group, Limit: this.#pageSize, ...(next ? { NextToken: next } : {}) }));
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException') throw new UnknownGroupError(group);
        throw error;
      }
      for (const u of page.Users ?? []) {
        if (!u.Username) continue;
        const user = this.#toUser(u.Username, u.Attributes, u.Enabled, u.UserStatus, [group]);
        if (user.active && inTenant(user, tenant)) members.push(user);
      }
      next = page.NextToken;
    } while (next);
    return members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async #groupsOf(username: string): Promise<string[]> {
    const groups: string[] = [];
    let next: string | undefined;
    do {
      const page = await this.#client.send(new AdminListGroupsForUserCommand({ UserPoolId: this.#pool, Username: username, Limit: this.#pageSize, ...(next ? { NextToken: next } : {}) }));
      for (const g of page.Groups ?? []) if (g.GroupName) groups.push(g.GroupName);
      next = page.NextToken;
    } while (next);
    return groups.sort();
  }

  #toUser(id: string, attributes: AttributeType[] | undefined, enabled: boolean | undefined, status: string | undefined, groups: string[]): DirectoryUser {
    const given = attribute(attributes, 'given_name');
    const family = attribute(attributes, 'family_name');
    const name = attribute(attributes, 'name') ?? ([given, family].filter(Boolean).join(' ') || undefined);
    const email = attribute(attributes, 'email');
    const tenant = attribute(attributes, this.#tenantAttribute);
    return {
      id,
      ...(name ? { name } : {}),
      ...(email ? { email } : {}),
      active: enabled !== false && !INACTIVE_STATUSES.has(status ?? ''),
      ...(tenant ? { tenant } : {}),
      groups,
    };
  }
}

/**
 * The cached Cognito directory the deployment uses, from ATM_USER_POOL_ID, ATM_TENANT_CLAIM
 * and ATM_DIRECTORY_CACHE_SECONDS; null when no user pool is configured.
 */
export function cognitoDirectoryFromEnv(env: NodeJS.ProcessEnv = process.env, client?: CognitoIdentityProviderClient): CachedDirectory | null {
  const pool = env[DIRECTORY_ENV.userPoolId];
  if (!pool) return null;
  const tenantAttribute = env[IDENTITY_ENV.tenantClaim];
  const directory = new CognitoDirectory({ userPoolId: pool, ...(tenantAttribute ? { tenantAttribute } : {}), ...(client ? { client } : {}) });
  return new CachedDirectory(directory, { ttlMs: numberFromEnv(DIRECTORY_ENV.cacheSeconds, 60, env) * 1000 });
}
