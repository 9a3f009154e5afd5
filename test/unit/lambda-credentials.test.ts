import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider } from '../../lib/aws/lambda-credentials.js';

/** The credential provider the Lambda bundles use in place of the SDK's default chain. */
describe('Lambda environment credentials', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('reads the execution role credentials Lambda puts in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', '2030-01-01T00:00:00Z');
    vi.stubEnv('AWS_ACCOUNT_ID', '');
    expect(await defaultProvider()()).toEqual({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date('2030-01-01T00:00:00Z') });
  });

  it('fails with a CredentialsProviderError naming the variables when they are missing', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    await expect(defaultProvider()()).rejects.toMatchObject({ name: 'CredentialsProviderError', message: expect.stringContaining('AWS_ACCESS_KEY_ID') });
  });
});
