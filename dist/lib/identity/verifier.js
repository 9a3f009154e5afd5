import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { checkIdentityConfig, DEFAULT_TENANT_CLAIM } from './config.js';
/** Why a token was refused; the HTTP layer answers 401 with `code`. */
export class TokenError extends Error {
    code;
    constructor(code, message) {
        super(message);
        this.code = code;
        this.name = 'TokenError';
    }
}
const DEFAULT_USER_CLAIMS = ['cognito:username', 'username', 'sub'];
const DEFAULT_ALGORITHMS = ['RS256', 'ES256'];
/** A claim that lists names: an array of strings, or one string separated by spaces or commas. */
export function claimList(value) {
    if (Array.isArray(value))
        return value.filter((v) => typeof v === 'string' && v !== '');
    if (typeof value === 'string')
        return value.split(/[\s,]+/).filter(Boolean);
    return [];
}
/**
 * Verifies user tokens: signature against the issuer's keys (fetched once and cached, or
 * given inline), issuer, audience (`aud`, or `client_id` for Cognito access tokens), expiry
 * and not-before; then maps the claims to an Identity. Local development tokens go through
 * exactly this code: only the key set differs.
 */
export class IdentityVerifier {
    config;
    keys;
    constructor(config) {
        this.config = checkIdentityConfig(config);
        this.keys = config.jwks
            ? createLocalJWKSet(config.jwks)
            : createRemoteJWKSet(new URL(config.jwksUrl ?? `${config.issuer.replace(/\/+$/, '')}/.well-known/jwks.json`), {
                timeoutDuration: 3_000,
                cooldownDuration: 30_000,
                cacheMaxAge: 10 * 60_000,
            });
    }
    async verify(token) {
        let claims;
        try {
            ({ payload: claims } = await jwtVerify(token, this.keys, {
                issuer: this.config.issuer,
                algorithms: [...(this.config.algorithms ?? DEFAULT_ALGORITHMS)],
                clockTolerance: this.config.clockToleranceSeconds ?? 30,
                requiredClaims: ['exp'],
            }));
        }
        catch (error) {
            throw toTokenError(error);
        }
        this.checkAudience(claims);
        if (this.config.tokenUse && claims.token_use !== this.config.tokenUse) {
            throw new TokenError('invalid_token', `Only ${this.config.tokenUse} tokens are accepted, this is ${typeof claims.token_use === 'string' ? `an ${claims.token_use}` : 'another kind of'} token`);
        }
        const fromClaims = this.identityFromClaims(claims);
        const identity = this.config.resolver ? await this.config.resolver(claims, fromClaims) : fromClaims;
        if (!identity.id)
            throw new TokenError('no_user', 'The token names no user');
        return {
            id: identity.id,
            groups: [...(identity.groups ?? [])],
            permissions: [...(identity.permissions ?? [])],
            superuser: identity.superuser === true,
            ...(typeof identity.tenant === 'string' && identity.tenant !== '' ? { tenant: identity.tenant } : {}),
            claims,
            expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
        };
    }
    /** The identity the claims describe, with the configured claim names. */
    identityFromClaims(claims) {
        const idClaim = (this.config.userClaims ?? DEFAULT_USER_CLAIMS).find((name) => typeof claims[name] === 'string' && claims[name] !== '');
        const groups = claimList(claims[this.config.groupsClaim ?? 'cognito:groups']);
        const permissions = claimList(claims[this.config.permissionsClaim ?? 'custom:permissions']);
        const superuser = this.config.superuserGroup !== undefined && groups.includes(this.config.superuserGroup);
        const tenant = claims[this.config.tenantClaim ?? DEFAULT_TENANT_CLAIM];
        return { id: idClaim ? claims[idClaim] : '', groups, permissions, superuser, ...(typeof tenant === 'string' && tenant !== '' ? { tenant } : {}) };
    }
    checkAudience(claims) {
        const accepted = this.config.audience;
        const aud = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
        // Cognito access tokens carry the app client in client_id and have no aud (API Gateway's JWT authorizer reads it the same way).
        const given = aud.length ? aud : typeof claims.client_id === 'string' ? [claims.client_id] : [];
        if (!given.some((a) => accepted.includes(a))) {
            throw new TokenError('wrong_audience', given.length ? 'The token was issued for another audience' : 'The token names no audience');
        }
    }
}
function toTokenError(error) {
    if (error instanceof errors.JWTExpired)
        return new TokenError('token_expired', 'The token has expired; sign in again');
    if (error instanceof errors.JWTClaimValidationFailed) {
        if (error.claim === 'iss')
            return new TokenError('wrong_issuer', 'The token comes from another issuer');
        return new TokenError('invalid_token', `The token's "${error.claim}" claim is not acceptable: ${error.reason}`);
    }
    if (error instanceof errors.JWKSTimeout || (error instanceof Error && /fetch|network|ECONNREFUSED|ENOTFOUND/i.test(error.message) && !(error instanceof errors.JOSEError))) {
        // The issuer's keys are unreachable: that is our problem, not the caller's.
        throw error;
    }
    if (error instanceof errors.JOSEError)
        return new TokenError('invalid_token', `The token is not valid: ${describe(error)}`);
    return new TokenError('invalid_token', 'The token is not valid');
}
function describe(error) {
    if (error instanceof errors.JWSSignatureVerificationFailed)
        return 'its signature does not verify';
    if (error instanceof errors.JWKSNoMatchingKey)
        return 'it is not signed by a key of the issuer';
    if (error instanceof errors.JOSEAlgNotAllowed)
        return 'its signature algorithm is not accepted';
    if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid)
        return 'it is malformed';
    return error.code;
}
