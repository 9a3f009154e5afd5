import { Automation } from './automation.js';
import { toMilliseconds } from './duration.js';
import { FlowDefinitionError } from './errors.js';
import { humanize, messageOfReceiver, receiverName, requirementsOf } from './messages.js';
import { Node } from './nodes/node.js';
import { isValidTimeZone } from './schedule.js';
import { flowProblems } from './validate.js';
export { RESERVED_NAMES } from './reserved-names.js';
const cache = new WeakMap();
function collectReceivers(proto, declared = {}) {
    const receivers = new Map();
    for (let p = proto; p && p !== Automation.prototype; p = Object.getPrototypeOf(p)) {
        for (const method of Object.getOwnPropertyNames(p)) {
            const message = messageOfReceiver(method);
            const value = p[method];
            if (message === undefined || typeof value !== 'function' || receivers.has(message))
                continue;
            receivers.set(message, { message, method, label: humanize(message), requirements: declared[message] ?? requirementsOf(value) });
        }
    }
    return receivers;
}
export function automationName(cls) {
    return cls.meta?.name ?? cls.name;
}
/** Compiles (once per class) and validates an automation; every problem is reported in one error. */
export function defineFlow(cls) {
    const cached = cache.get(cls);
    if (cached)
        return cached;
    const name = automationName(cls);
    if (typeof cls !== 'function' || !(cls.prototype instanceof Automation)) {
        throw new FlowDefinitionError(String(name), ['is not a subclass of Automation']);
    }
    const meta = cls.meta ?? {};
    const problems = [];
    let declaration;
    try {
        declaration = new cls();
    }
    catch (error) {
        throw new FlowDefinitionError(name, [`its declaration threw: ${error.message}`]);
    }
    const entries = Object.entries(declaration);
    const nodeEntries = entries.filter(([, v]) => v instanceof Node);
    const constants = Object.fromEntries(entries.filter(([, v]) => !(v instanceof Node)));
    const nodes = nodeEntries.map(([nodeName, node], index) => ({
        name: nodeName,
        index,
        node: Object.freeze(node),
        next: null,
    }));
    const byName = new Map(nodes.map((n) => [n.name, n]));
    for (const n of nodes) {
        const explicit = n.node.options.next;
        const explicitName = explicit === undefined ? undefined : typeof explicit === 'string' ? explicit.replace(/^self\./, '') : explicit.name;
        n.next = explicitName ?? nodes[n.index + 1]?.name ?? null;
    }
    if (meta.timeZone !== undefined && !isValidTimeZone(meta.timeZone))
        problems.push(`meta.timeZone "${meta.timeZone}" is not an IANA time zone`);
    let pollIntervalMs;
    if (meta.pollInterval !== undefined) {
        try {
            pollIntervalMs = toMilliseconds(meta.pollInterval);
        }
        catch (error) {
            problems.push(`meta.pollInterval: ${error.message}`);
        }
    }
    const unique = meta.unique ?? false;
    if (Array.isArray(unique) && (unique.length === 0 || unique.some((k) => typeof k !== 'string' || k === ''))) {
        problems.push('meta.unique must be true, false, or a non-empty list of data keys');
    }
    if (meta.data !== undefined && typeof meta.data.safeParse !== 'function')
        problems.push('meta.data must be a zod schema');
    const types = new Set(['string', 'number', 'boolean', 'object', 'array']);
    for (const [message, requirements] of Object.entries(meta.requireDataParameters ?? {})) {
        if (typeof cls.prototype[receiverName(message)] !== 'function') {
            problems.push(`meta.requireDataParameters names "${message}", but there is no receiver ${receiverName(message)}()`);
        }
        for (const [key, type] of Object.entries(requirements)) {
            if (!types.has(type))
                problems.push(`meta.requireDataParameters.${message}.${key}: "${type}" is not one of ${[...types].join(', ')}`);
        }
    }
    const definition = {
        name,
        verboseName: meta.verboseName ?? `Automation ${name}`,
        verboseNamePlural: meta.verboseNamePlural ?? `Automations ${name}`,
        cls,
        nodes,
        byName,
        first: nodes[0]?.name ?? '',
        unique,
        timeZone: meta.timeZone,
        pollIntervalMs,
        publishReceivers: meta.publishReceivers ?? false,
        receivers: collectReceivers(cls.prototype, meta.requireDataParameters),
        constants,
        prototype: declaration,
        dataSchema: meta.data,
    };
    problems.push(...flowProblems(definition));
    if (problems.length)
        throw new FlowDefinitionError(name, problems);
    Object.freeze(definition);
    cache.set(cls, definition);
    return definition;
}
