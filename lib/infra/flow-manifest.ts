import { defineFlow, type AutomationClass } from '../engine/definition.js';
import { Form } from '../engine/nodes/form.js';
import { eventTriggersOf, type EventPattern } from '../engine/event-triggers.js';

/**
 * What the stack needs to know about the team's flows, as plain data: the EventBridge rules
 * their `static events` declare and the groups their Form nodes are assigned to. Made from the
 * classes (the app passes them) or from the flows file (lib/infra/load-flow-manifest.ts).
 */
export interface FlowManifest {
  triggers: { id: string; automation: string; name: string; pattern: EventPattern; bus?: string; message?: string }[];
  formGroups: string[];
}

/** The groups the automations' Form nodes are assigned to (created in the user pool, so they can be given to people). */
export function formGroups(automations: readonly AutomationClass[]): string[] {
  const groups = new Set<string>();
  for (const cls of automations) {
    for (const { node } of defineFlow(cls).nodes) if (node instanceof Form) for (const g of node.assignment.groups ?? []) groups.add(g);
  }
  return [...groups].sort();
}

export function flowManifest(automations: readonly AutomationClass[]): FlowManifest {
  return {
    triggers: eventTriggersOf(automations).map(({ id, automation, trigger }) => ({
      id, automation, name: trigger.name, pattern: trigger.pattern,
      ...(trigger.bus ? { bus: trigger.bus } : {}), ...(trigger.message !== undefined ? { message: trigger.message } : {}),
    })),
    formGroups: formGroups(automations),
  };
}
