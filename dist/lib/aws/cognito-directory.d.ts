import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CachedDirectory, type Directory, type DirectoryUser } from '../identity/directory.js';
/** Environment of the Cognito directory (set by the stack when it owns the user pool). */
export declare const DIRECTORY_ENV: {
    /** The user pool whose users and groups the directory reads (eu-west-1_AbC…). */
    readonly userPoolId: "ATM_USER_POOL_ID";
    /** How long directory answers are reused (default 60). */
    readonly cacheSeconds: "ATM_DIRECTORY_CACHE_SECONDS";
};
export interface CognitoDirectoryOptions {
    userPoolId: string;
    /** The user attribute naming the tenant (default custom:tenant, the same name as the token claim). */
    tenantAttribute?: string;
    client?: CognitoIdentityProviderClient;
    /** Users per ListUsersInGroup / groups per AdminListGroupsForUser page (Cognito allows 1–60; default 60). */
    pageSize?: number;
}
/**
 * The directory on an Amazon Cognito user pool: AdminGetUser (+ AdminListGroupsForUser for
 * the user's groups) and ListUsersInGroup, every page. The user id is the Cognito username
 * (the `cognito:username` claim). Name: the `name` attribute, else given + family name; e-mail:
 * `email`; tenant: the configured attribute. Needs cognito-idp:AdminGetUser,
 * AdminListGroupsForUser and ListUsersInGroup on the pool; wrap it in a CachedDirectory
 * (cognitoDirectoryFromEnv does) since those APIs are rate-limited.
 */
export declare class CognitoDirectory implements Directory {
    #private;
    constructor(options: CognitoDirectoryOptions);
    user(id: string, tenant?: string): Promise<DirectoryUser | undefined>;
    groupMembers(group: string, tenant?: string): Promise<DirectoryUser[]>;
}
/**
 * The cached Cognito directory the deployment uses, from ATM_USER_POOL_ID, ATM_TENANT_CLAIM
 * and ATM_DIRECTORY_CACHE_SECONDS; null when no user pool is configured.
 */
export declare function cognitoDirectoryFromEnv(env?: NodeJS.ProcessEnv, client?: CognitoIdentityProviderClient): CachedDirectory | null;
