/** `serverless-automations/identity`: verifying users' JWTs, the identity settings and directories of users and groups. */
export { IdentityVerifier, TokenError, claimList } from '../identity/verifier.js';
export { checkIdentityConfig, identityConfigFromEnv, signInOptionsFromEnv, IdentityConfigError, DEFAULT_TENANT_CLAIM, IDENTITY_ENV, } from '../identity/config.js';
export { StaticDirectory, CachedDirectory, UnknownGroupError, inTenant } from '../identity/directory.js';
export { CognitoDirectory } from '../aws/cognito-directory.js';
