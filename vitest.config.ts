import { defineConfig } from 'vitest/config';

/**
 * Two backends, one engine suite: `test/engine` runs once on the in-memory store and once on
 * the DynamoDB store (DynamoDB Local on loopback, started by the global setup).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/engine/**/*.test.ts'],
          env: { AUTOMATIONS_TEST_STORE: 'memory' },
        },
      },
      {
        test: {
          name: 'dynamodb',
          include: ['test/engine/**/*.test.ts', 'test/integration/**/*.test.ts'],
          env: { AUTOMATIONS_TEST_STORE: 'dynamodb' },
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
