import type { AutomationClass } from '../engine/definition.js';

/**
 * Data to start an automation with in the printed curl: the class's own `static example`
 * (an object, or a function returning one) when it declares one, else a built-in example
 * for the example flows, else `{}`.
 */
const BUILT_IN: Record<string, () => Record<string, unknown>> = {
  // The reminder goes out 30 minutes before the webinar: a webinar 31 minutes ahead reminds in a minute.
  WebinarWorkflow: () => ({ email: 'ada@example.com', webinarAt: new Date(Date.now() + 31 * 60_000).toISOString() }),
};

export function exampleData(cls: AutomationClass): Record<string, unknown> {
  const declared = (cls as unknown as { example?: unknown }).example;
  if (typeof declared === 'function') return (declared as () => Record<string, unknown>)();
  if (declared && typeof declared === 'object') return declared as Record<string, unknown>;
  return BUILT_IN[cls.meta?.name ?? cls.name]?.() ?? {};
}
