import { createTestEnvironment, type AutomationClass, type TestEnvironment } from '../../lib/engine/index.js';
import type { TestEnvironmentOptions } from '../../lib/engine/testing.js';
import { createTestStore } from './backend.js';

/** A virtual-time engine on the backend this test project runs on. */
export async function testEnv(automations: readonly AutomationClass[], options: Omit<TestEnvironmentOptions, 'automations' | 'store'> = {}): Promise<TestEnvironment> {
  return createTestEnvironment({ start: '2026-03-02T08:00:00Z', ...options, automations, store: await createTestStore() });
}

/** Node names of an instance's history, oldest first. */
export async function history(env: TestEnvironment, id: string): Promise<string[]> {
  return (await env.engine.tasks(id)).map((t) => `${t.node}:${t.message ?? 'open'}`);
}
