import { type JWK } from 'jose';
import { StaticDirectory } from './directory.js';
/**
 * Development sign-in for `npm start` and the tests: a few example users, tokens signed with a
 * local ES256 key, and the ATM_* settings that make the ordinary verifier accept them. Nothing
 * here is deployed: the stack never sets ATM_DEV_SIGNING_KEY, and the routes that mint tokens
 * are mounted by the local stack only.
 */
export interface DevUser {
    id: string;
    name: string;
    email: string;
    tenant: string;
    groups: string[];
    permissions: string[];
}
export declare const DEV_ISSUER = "urn:serverless-automations:local-dev";
export declare const DEV_AUDIENCE = "automations-local";
export declare const DEV_SUPERUSER_GROUP = "admins";
/** The tenant of the development users (one user, zoe, is of DEV_OTHER_TENANT to show tenant scoping). */
export declare const DEV_TENANT = "acme";
export declare const DEV_OTHER_TENANT = "globex";
/**
 * Example users for the example flows: approvers (ProcessInput), Moderators (IssueDiscussion),
 * and the purchase-request workflow's people: a requester, two finance reviewers (round robin
 * needs more than one), a budget manager, the CFO and two executives (Executive Approval with
 * `all`). Addresses use the reserved `.example` domain.
 */
export declare const DEV_USERS: readonly DevUser[];
/** The development users as an identity directory (every one active), for npm start and tests. */
export declare function devDirectory(users?: readonly DevUser[]): StaticDirectory;
export interface DevKey {
    privateJwk: JWK;
    publicJwk: JWK;
}
export declare function generateDevKey(): Promise<DevKey>;
/** The development key kept in `<dataDir>/dev-identity.json` (made once), or a fresh one without a data dir. */
export declare function loadDevKey(dataDir: string | null): Promise<DevKey>;
/** The ATM_* settings under which the verifier accepts development tokens (and the dashboard offers the user picker). */
export declare function devIdentityEnv(key: DevKey): Record<string, string>;
export interface DevTokenOptions {
    issuer?: string;
    audience?: string;
    /** Seconds until expiry (default 8 hours); negative for an expired token. */
    expiresIn?: number;
}
/** A Cognito-shaped ID token for a development user, signed with the local key. */
export declare function signDevToken(privateJwk: JWK, user: Pick<DevUser, 'id' | 'groups' | 'permissions'> & {
    tenant?: string;
    email?: string;
}, options?: DevTokenOptions): Promise<string>;
/**
 * Turns development sign-in on for this process (npm start): the local key from `dataDir`
 * and the ATM_* settings that go with it. Leaves a configured real issuer alone (returns null).
 */
export declare function enableDevSignIn(dataDir: string | null, env?: NodeJS.ProcessEnv): Promise<readonly DevUser[] | null>;
