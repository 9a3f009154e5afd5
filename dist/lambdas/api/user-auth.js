import { identityConfigFromEnv, IdentityConfigError, signInOptionsFromEnv } from '../../lib/identity/config.js';
import { IdentityVerifier, TokenError } from '../../lib/identity/verifier.js';
import { header, HttpError } from '../shared/http.js';
export function bearerToken(event) {
    const match = /^Bearer\s+(\S+)$/i.exec((header(event, 'authorization') ?? '').trim());
    if (!match)
        throw new HttpError(401, 'missing_token', 'Sign in: send your token as "Authorization: Bearer <JWT>"');
    return match[1];
}
export function createUserAuth(options = {}) {
    let verifier;
    const load = () => {
        if (verifier !== undefined)
            return verifier;
        try {
            const source = options.config === undefined ? identityConfigFromEnv : options.config;
            const config = typeof source === 'function' ? source() : source;
            verifier = config ? new IdentityVerifier(config) : null;
        }
        catch (error) {
            if (error instanceof IdentityConfigError)
                throw new HttpError(500, 'identity_misconfigured', error.message);
            throw error;
        }
        return verifier;
    };
    return {
        async authenticate(event) {
            const v = load();
            if (!v) {
                throw new HttpError(503, 'sign_in_off', 'User sign-in is not configured: set ATM_JWT_ISSUER and ATM_JWT_AUDIENCE (the stack does this with its Cognito user pool; npm start with development users)');
            }
            const token = bearerToken(event);
            try {
                return await v.verify(token);
            }
            catch (error) {
                if (error instanceof TokenError)
                    throw new HttpError(401, error.code, error.message);
                throw error;
            }
        },
        signIn() {
            try {
                const source = options.signIn ?? signInOptionsFromEnv;
                return typeof source === 'function' ? source() : source;
            }
            catch (error) {
                if (error instanceof IdentityConfigError)
                    throw new HttpError(500, 'identity_misconfigured', error.message);
                throw error;
            }
        },
    };
}
