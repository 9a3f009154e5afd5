import type { JWTPayload } from 'jose';
import type { Identity } from '../engine/identity.js';
/**
 * Who may sign in, in one object: the token issuer and audience, where its keys are, and how
 * claims become an `Identity` (user id, groups, permissions, superuser). The defaults fit an
 * Amazon Cognito user pool; any OpenID Connect issuer works with the claim names changed, and
 * a `resolver` replaces the claims entirely for non-standard setups (the seeds' ATM_GROUP_MODEL
 * and ATM_USER_WITH_PERMISSIONS_* settings).
 */
export interface IdentityConfig {
    /** The `iss` every token must carry, e.g. https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC. */
    issuer: string;
    /** Accepted audiences: the `aud` claim, or Cognito access tokens' `client_id`. */
    audience: readonly string[];
    /** Where the issuer publishes its keys (default `${issuer}/.well-known/jwks.json`, as Cognito does). */
    jwksUrl?: string;
    /** The keys themselves (a JWKS document) instead of a URL: local development tokens, tests. */
    jwks?: {
        keys: Record<string, unknown>[];
    };
    /** Claims tried in order for the user id (default cognito:username, username, sub). */
    userClaims?: readonly string[];
    /** The claim listing the user's groups (default cognito:groups). */
    groupsClaim?: string;
    /** The claim listing the user's permissions, an array or a space/comma separated string (default custom:permissions). */
    permissionsClaim?: string;
    /** The claim (and Cognito user attribute) naming the user's tenant (default custom:tenant); absent: no tenant. */
    tenantClaim?: string;
    /** Members of this group are superusers: every task is open to them (default: nobody is). */
    superuserGroup?: string;
    /** Accept only Cognito ID tokens or only access tokens (`token_use`); both by default. */
    tokenUse?: 'id' | 'access';
    /** Signature algorithms accepted (default RS256 and ES256; never `none` or HMAC). */
    algorithms?: readonly string[];
    /** Leeway for exp/nbf/iat in seconds (default 30). */
    clockToleranceSeconds?: number;
    /** Replaces groups, permissions and superuser from the claims with your own lookup. */
    resolver?: IdentityResolver;
}
/**
 * A non-standard identity source: gets the verified claims and the identity read from them
 * with the default claim names, and returns the identity to use. Called on every request;
 * cache in it if it looks users up elsewhere.
 */
export type IdentityResolver = (claims: JWTPayload, fromClaims: Identity) => Identity | Promise<Identity>;
export declare class IdentityConfigError extends Error {
    constructor(message: string);
}
/** The environment variables (set by the stack, the local stack, or you) that make an IdentityConfig. */
/** The claim (and Cognito user attribute) naming a user's tenant unless ATM_TENANT_CLAIM says otherwise. */
export declare const DEFAULT_TENANT_CLAIM = "custom:tenant";
export declare const IDENTITY_ENV: {
    readonly issuer: "ATM_JWT_ISSUER";
    readonly audience: "ATM_JWT_AUDIENCE";
    readonly jwksUrl: "ATM_JWKS_URL";
    readonly jwks: "ATM_JWKS";
    readonly userClaims: "ATM_USER_CLAIMS";
    readonly groupsClaim: "ATM_GROUPS_CLAIM";
    readonly permissionsClaim: "ATM_PERMISSIONS_CLAIM";
    readonly superuserGroup: "ATM_SUPERUSER_GROUP";
    /** The token claim, and the Cognito user attribute the directory reads, that names a user's tenant (default custom:tenant). */
    readonly tenantClaim: "ATM_TENANT_CLAIM";
    readonly tokenUse: "ATM_TOKEN_USE";
    readonly algorithms: "ATM_JWT_ALGORITHMS";
    /** The Cognito hosted UI (https://<domain>.auth.<region>.amazoncognito.com) the dashboard signs in with. */
    readonly cognitoDomain: "ATM_COGNITO_DOMAIN";
    /** The user pool app client the hosted UI signs in to. */
    readonly cognitoClientId: "ATM_COGNITO_CLIENT_ID";
    /** Local only: the private JWK development tokens are signed with (set by npm start, never by the stack). */
    readonly devSigningKey: "ATM_DEV_SIGNING_KEY";
};
/** Checks a config: issuer and audience together, one key source, only asymmetric algorithms. */
export declare function checkIdentityConfig(config: IdentityConfig): IdentityConfig;
/**
 * The identity configuration from ATM_* variables, or null when none of them is set (user
 * sign-in is off). Issuer and audience go together: setting some identity variables but not
 * both is an error that names what is missing, not a silently open or silently closed API.
 */
export declare function identityConfigFromEnv(env?: NodeJS.ProcessEnv): IdentityConfig | null;
/** How the dashboard signs people in, as GET /auth/config tells it. */
export interface SignInOptions {
    mode: 'dev' | 'cognito' | 'token' | 'off';
    cognito?: {
        domain: string;
        clientId: string;
    };
}
export declare function signInOptionsFromEnv(env?: NodeJS.ProcessEnv): SignInOptions;
