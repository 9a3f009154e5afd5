/**
 * The SDK's default credential chain as it resolves inside Lambda: the execution role's
 * credentials from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN), which Lambda sets before the handler module loads.
 *
 * Only the Lambda bundles use it: lib/infra/automation-function.ts aliases
 * `@aws-sdk/credential-provider-node` to this module at bundle time, which leaves the other
 * links of the chain (profiles, SSO, web identity, the instance metadata service and the STS
 * and SSO clients behind them, ≈ 110 KiB minified) out of every bundle. Local runs, tests and
 * the CLI import the SDK unbundled and keep the whole chain.
 */
export interface EnvCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  accountId?: string;
}

export const defaultProvider = () => async (): Promise<EnvCredentials> => {
  const env = process.env;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw Object.assign(new Error('No AWS credentials in the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): this bundle reads only those, as Lambda sets them'), { name: 'CredentialsProviderError' });
  }
  const expiry = env.AWS_CREDENTIAL_EXPIRATION;
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    ...(expiry ? { expiration: new Date(expiry) } : {}),
    ...(env.AWS_ACCOUNT_ID ? { accountId: env.AWS_ACCOUNT_ID } : {}),
  };
};
