import type { ActionLogger } from '../engine/actions/registry.js';

/** The runtime's logger outside Lambda when none is given: warnings and errors, one JSON line each, to stderr. */
export const consoleLogger: ActionLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, details) => console.warn(JSON.stringify({ level: 'WARN', message, ...serialisable(details) })),
  error: (message, details) => console.error(JSON.stringify({ level: 'ERROR', message, ...serialisable(details) })),
};

function serialisable(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details ?? {}).map(([k, v]) => [k, v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v]));
}
