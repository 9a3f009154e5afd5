import { type JWTPayload } from 'jose';
import type { Identity } from '../engine/identity.js';
import { type IdentityConfig } from './config.js';
/** A signed-in user: the engine's Identity plus the verified claims and when the token expires. */
export interface VerifiedIdentity extends Identity {
    claims: JWTPayload;
    expiresAt: number | null;
}
/** Why a token was refused; the HTTP layer answers 401 with `code`. */
export declare class TokenError extends Error {
    readonly code: 'missing_token' | 'token_expired' | 'invalid_token' | 'wrong_audience' | 'wrong_issuer' | 'no_user';
    constructor(code: 'missing_token' | 'token_expired' | 'invalid_token' | 'wrong_audience' | 'wrong_issuer' | 'no_user', message: string);
}
/** A claim that lists names: an array of strings, or one string separated by spaces or commas. */
export declare function claimList(value: unknown): string[];
/**
 * Verifies user tokens: signature against the issuer's keys (fetched once and cached, or
 * given inline), issuer, audience (`aud`, or `client_id` for Cognito access tokens), expiry
 * and not-before; then maps the claims to an Identity. Local development tokens go through
 * exactly this code: only the key set differs.
 */
export declare class IdentityVerifier {
    readonly config: IdentityConfig;
    private readonly keys;
    constructor(config: IdentityConfig);
    verify(token: string): Promise<VerifiedIdentity>;
    /** The identity the claims describe, with the configured claim names. */
    identityFromClaims(claims: JWTPayload): Identity;
    private checkAudience;
}
