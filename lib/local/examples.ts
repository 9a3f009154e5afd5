import type { AutomationClass } from '../engine/definition.js';

/** Data to start an automation with in the printed curl: the class's own `static example` (an object, or a function returning one), else `{}`. */
export function exampleData(cls: AutomationClass): Record<string, unknown> {
  const declared = (cls as unknown as { example?: unknown }).example;
  if (typeof declared === 'function') return (declared as () => Record<string, unknown>)();
  if (declared && typeof declared === 'object') return structuredClone(declared) as Record<string, unknown>;
  return {};
}
