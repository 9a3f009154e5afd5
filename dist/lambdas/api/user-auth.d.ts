import { type IdentityConfig, type SignInOptions } from '../../lib/identity/config.js';
import { type VerifiedIdentity } from '../../lib/identity/verifier.js';
import { type HttpEvent } from '../shared/http.js';
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
export declare function bearerToken(event: HttpEvent): string;
export declare function createUserAuth(options?: UserAuthOptions): UserAuth;
