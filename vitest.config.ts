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
      {
        // The serverless runtime's handlers on the memory store (no AWS, no DynamoDB).
        test: {
          name: 'lambdas',
          include: ['test/lambdas/**/*.test.ts'],
          env: { POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'CRITICAL', POWERTOOLS_TRACE_ENABLED: 'false', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
      {
        // The CDK stack, synthesised in-process once per file (CDK_VALIDATION=false except in one test).
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          env: { CDK_VALIDATION: 'false', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'CRITICAL', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          testTimeout: 60_000,
        },
      },
      {
        // Human tasks over HTTP: user tokens, task lists, forms, views, the page-view hook (memory store).
        test: {
          name: 'tasks',
          include: ['test/tasks/**/*.test.ts'],
          env: { POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'CRITICAL', POWERTOOLS_TRACE_ENABLED: 'false', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
      {
        // The dashboard in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core); screenshots in test-results/.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          env: { POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'CRITICAL', POWERTOOLS_TRACE_ENABLED: 'false', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The packed package installed into a scratch project (test/package/fixture): its test, types, CDK synth, automations dev.
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          exclude: ['test/package/fixture/**'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
      {
        // End to end over HTTP against the local stack (lib/local), on DynamoDB Local.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          env: { CDK_VALIDATION: 'false', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'CRITICAL', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
