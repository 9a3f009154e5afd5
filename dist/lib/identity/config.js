export class IdentityConfigError extends Error {
    constructor(message) {
        super(message);
        this.name = 'IdentityConfigError';
    }
}
/** The environment variables (set by the stack, the local stack, or you) that make an IdentityConfig. */
/** The claim (and Cognito user attribute) naming a user's tenant unless ATM_TENANT_CLAIM says otherwise. */
export const DEFAULT_TENANT_CLAIM = 'custom:tenant';
export const IDENTITY_ENV = {
    issuer: 'ATM_JWT_ISSUER',
    audience: 'ATM_JWT_AUDIENCE',
    jwksUrl: 'ATM_JWKS_URL',
    jwks: 'ATM_JWKS',
    userClaims: 'ATM_USER_CLAIMS',
    groupsClaim: 'ATM_GROUPS_CLAIM',
    permissionsClaim: 'ATM_PERMISSIONS_CLAIM',
    superuserGroup: 'ATM_SUPERUSER_GROUP',
    /** The token claim, and the Cognito user attribute the directory reads, that names a user's tenant (default custom:tenant). */
    tenantClaim: 'ATM_TENANT_CLAIM',
    tokenUse: 'ATM_TOKEN_USE',
    algorithms: 'ATM_JWT_ALGORITHMS',
    /** The Cognito hosted UI (https://<domain>.auth.<region>.amazoncognito.com) the dashboard signs in with. */
    cognitoDomain: 'ATM_COGNITO_DOMAIN',
    /** The user pool app client the hosted UI signs in to. */
    cognitoClientId: 'ATM_COGNITO_CLIENT_ID',
    /** Local only: the private JWK development tokens are signed with (set by npm start, never by the stack). */
    devSigningKey: 'ATM_DEV_SIGNING_KEY',
};
const list = (text) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
const SAFE_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']);
/** Checks a config: issuer and audience together, one key source, only asymmetric algorithms. */
export function checkIdentityConfig(config) {
    const problems = [];
    if (config.tenantClaim !== undefined && config.tenantClaim.trim() === '')
        problems.push('tenantClaim is empty');
    if (!config.issuer)
        problems.push('issuer is empty');
    if (!config.audience.length)
        problems.push('audience is empty (give the app client id, or the audience your issuer puts in tokens)');
    if (config.jwks && config.jwksUrl)
        problems.push('give jwks or jwksUrl, not both');
    if (config.jwks && !Array.isArray(config.jwks.keys))
        problems.push('jwks must be a JWKS document: {"keys": [...]}');
    for (const alg of config.algorithms ?? [])
        if (!SAFE_ALGORITHMS.has(alg))
            problems.push(`algorithm ${alg} is not allowed (asymmetric signatures only)`);
    if (config.jwksUrl !== undefined) {
        try {
            const url = new URL(config.jwksUrl);
            if (url.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
                problems.push('jwksUrl must use https');
        }
        catch {
            problems.push(`jwksUrl "${config.jwksUrl}" is not a URL`);
        }
    }
    if (problems.length)
        throw new IdentityConfigError(`The identity configuration is invalid: ${problems.join('; ')}`);
    return config;
}
/**
 * The identity configuration from ATM_* variables, or null when none of them is set (user
 * sign-in is off). Issuer and audience go together: setting some identity variables but not
 * both is an error that names what is missing, not a silently open or silently closed API.
 */
export function identityConfigFromEnv(env = process.env) {
    const set = Object.entries(IDENTITY_ENV).filter(([key, name]) => key !== 'cognitoDomain' && key !== 'cognitoClientId' && env[name]);
    if (set.length === 0)
        return null;
    const missing = [IDENTITY_ENV.issuer, IDENTITY_ENV.audience].filter((name) => !env[name]);
    if (missing.length) {
        throw new IdentityConfigError(`User sign-in is half-configured: ${set.map(([, n]) => n).join(', ')} ${set.length === 1 ? 'is' : 'are'} set but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not. ` +
            `Set ${IDENTITY_ENV.issuer} and ${IDENTITY_ENV.audience} (and optionally ${IDENTITY_ENV.jwksUrl}), or none of the ATM_* identity variables.`);
    }
    let jwks;
    if (env[IDENTITY_ENV.jwks]) {
        try {
            jwks = JSON.parse(env[IDENTITY_ENV.jwks]);
        }
        catch {
            throw new IdentityConfigError(`${IDENTITY_ENV.jwks} is not JSON (it holds a JWKS document: {"keys": [...]})`);
        }
    }
    const tokenUse = env[IDENTITY_ENV.tokenUse];
    if (tokenUse && tokenUse !== 'id' && tokenUse !== 'access')
        throw new IdentityConfigError(`${IDENTITY_ENV.tokenUse} must be "id" or "access", got "${tokenUse}"`);
    return checkIdentityConfig({
        issuer: env[IDENTITY_ENV.issuer],
        audience: list(env[IDENTITY_ENV.audience]),
        ...(env[IDENTITY_ENV.jwksUrl] ? { jwksUrl: env[IDENTITY_ENV.jwksUrl] } : {}),
        ...(jwks ? { jwks } : {}),
        ...(env[IDENTITY_ENV.userClaims] ? { userClaims: list(env[IDENTITY_ENV.userClaims]) } : {}),
        ...(env[IDENTITY_ENV.groupsClaim] ? { groupsClaim: env[IDENTITY_ENV.groupsClaim] } : {}),
        ...(env[IDENTITY_ENV.permissionsClaim] ? { permissionsClaim: env[IDENTITY_ENV.permissionsClaim] } : {}),
        ...(env[IDENTITY_ENV.superuserGroup] ? { superuserGroup: env[IDENTITY_ENV.superuserGroup] } : {}),
        ...(env[IDENTITY_ENV.tenantClaim] ? { tenantClaim: env[IDENTITY_ENV.tenantClaim] } : {}),
        ...(tokenUse ? { tokenUse: tokenUse } : {}),
        ...(env[IDENTITY_ENV.algorithms] ? { algorithms: list(env[IDENTITY_ENV.algorithms]) } : {}),
    });
}
export function signInOptionsFromEnv(env = process.env) {
    const domain = env[IDENTITY_ENV.cognitoDomain];
    const clientId = env[IDENTITY_ENV.cognitoClientId];
    if (Boolean(domain) !== Boolean(clientId)) {
        throw new IdentityConfigError(`${IDENTITY_ENV.cognitoDomain} and ${IDENTITY_ENV.cognitoClientId} go together: set both for the Cognito hosted UI, or neither`);
    }
    if (!env[IDENTITY_ENV.issuer] && !env[IDENTITY_ENV.audience])
        return { mode: 'off' };
    if (env[IDENTITY_ENV.devSigningKey])
        return { mode: 'dev' };
    if (domain && clientId)
        return { mode: 'cognito', cognito: { domain: domain.replace(/\/+$/, ''), clientId } };
    return { mode: 'token' };
}
