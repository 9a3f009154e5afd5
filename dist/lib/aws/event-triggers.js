import { automationName } from '../engine/definition.js';
const TRIGGER_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Every trigger the automations declare (their static `events`), checked. */
export function eventTriggersOf(automations) {
    const bound = [];
    const problems = [];
    for (const cls of automations) {
        const declared = cls.events;
        if (declared === undefined)
            continue;
        const automation = automationName(cls);
        if (!Array.isArray(declared)) {
            problems.push(`${automation}.events must be an array of triggers`);
            continue;
        }
        const names = new Set();
        for (const [i, trigger] of declared.entries()) {
            const where = `${automation}.events[${i}]`;
            if (!trigger || typeof trigger !== 'object') {
                problems.push(`${where} is not an object`);
                continue;
            }
            if (typeof trigger.name !== 'string' || !TRIGGER_NAME.test(trigger.name))
                problems.push(`${where}.name must be 1-64 letters, digits, - or _`);
            else if (names.has(trigger.name))
                problems.push(`${where}.name "${trigger.name}" is used twice`);
            names.add(trigger.name);
            if (!trigger.pattern || typeof trigger.pattern !== 'object' || Array.isArray(trigger.pattern) || Object.keys(trigger.pattern).length === 0) {
                problems.push(`${where}.pattern must be a non-empty EventBridge event pattern`);
            }
            if (trigger.to !== undefined && trigger.message === undefined)
                problems.push(`${where}.to needs a message`);
            if (trigger.to !== undefined && trigger.to !== 'broadcast' && trigger.to !== 'create' && typeof trigger.to !== 'function') {
                problems.push(`${where}.to must be 'broadcast', 'create' or a function of the event`);
            }
            bound.push({ id: `${automation}.${trigger.name}`, automation, cls, trigger });
        }
    }
    if (problems.length)
        throw new Error(`Invalid event triggers:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return bound;
}
