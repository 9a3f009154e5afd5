/** `serverless-automations/identity`: verifying users' JWTs, the identity settings and directories of users and groups. */
export { IdentityVerifier, TokenError, claimList, type VerifiedIdentity } from '../identity/verifier.js';
export {
  checkIdentityConfig, identityConfigFromEnv, signInOptionsFromEnv, IdentityConfigError, DEFAULT_TENANT_CLAIM, IDENTITY_ENV,
  type IdentityConfig, type IdentityResolver, type SignInOptions,
} from '../identity/config.js';
export { StaticDirectory, CachedDirectory, UnknownGroupError, inTenant, type Directory, type DirectoryUser, type CachedDirectoryOptions } from '../identity/directory.js';
export { CognitoDirectory } from '../aws/cognito-directory.js';
export type { Identity } from '../engine/identity.js';
