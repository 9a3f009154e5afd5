import { identityConfigFromEnv, IdentityConfigError, signInOptionsFromEnv, type IdentityConfig, type SignInOptions } from '../../lib/identity/config.js';
import type { IdentityVerifier, VerifiedIdentity } from '../../lib/identity/verifier.js';
import { header, HttpError, type HttpEvent } from '../shared/http.js';

/**
 * User authentication for the routes where a person acts (task lists, forms, the dashboard's
 * views): `Authorization: Bearer <JWT>` verified by IdentityVerifier. In AWS the HTTP API's JWT
 * authorizer checks the same token first; the function verifies it again, so that the rules
 * hold wherever the handler runs (the local stack, tests) and a misrouted request is refused.
 */
export interface UserAuth {
  authenticate(event: HttpEvent): Promise<VerifiedIdentity>;
  signIn(): SignInOptions;
}

export interface UserAuthOptions {
  /** The configuration; default: the ATM_* variables (read on first use). */
  config?: IdentityConfig | null | (() => IdentityConfig | null);
  signIn?: SignInOptions | (() => SignInOptions);
}

export function bearerToken(event: HttpEvent): string {
  const match = /^Bearer\s+(\S+)$/i.exec((header(event, 'authorization') ?? '').trim());
  if (!match) throw new HttpError(401, 'missing_token', 'Sign in: send your token as "Authorization: Bearer <JWT>"');
  return match[1]!;
}

// The verifier (jose) is loaded by the first request that carries a user token: the token-only routes never need it.
const verifierModule = () => import('../../lib/identity/verifier.js');

export function createUserAuth(options: UserAuthOptions = {}): UserAuth {
  let verifier: IdentityVerifier | null | undefined;
  const load = async (): Promise<IdentityVerifier | null> => {
    if (verifier !== undefined) return verifier;
    const { IdentityVerifier } = await verifierModule();
    try {
      const source = options.config === undefined ? identityConfigFromEnv : options.config;
      const config = typeof source === 'function' ? source() : source;
      verifier = config ? new IdentityVerifier(config) : null;
    } catch (error) {
      if (error instanceof IdentityConfigError) throw new HttpError(500, 'identity_misconfigured', error.message);
      throw error;
    }
    return verifier;
  };
  return {
    async authenticate(event) {
      const v = await load();
      if (!v) {
        throw new HttpError(503, 'sign_in_off', 'User sign-in is not configured: set ATM_JWT_ISSUER and ATM_JWT_AUDIENCE (the stack does this with its Cognito user pool; npm start with development users)');
      }
      const token = bearerToken(event);
      try {
        return await v.verify(token);
      } catch (error) {
        if (error instanceof (await verifierModule()).TokenError) throw new HttpError(401, error.code, error.message);
        throw error;
      }
    },
    signIn() {
      try {
        const source = options.signIn ?? signInOptionsFromEnv;
        return typeof source === 'function' ? source() : source;
      } catch (error) {
        if (error instanceof IdentityConfigError) throw new HttpError(500, 'identity_misconfigured', error.message);
        throw error;
      }
    },
  };
}
