import { DataValidationError } from '../errors.js';
import { toJsonResult } from '../json.js';
export const ACTION_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9._-]{0,99}$/;
/** Identity helper that keeps the params type of `run` tied to the schema. */
export function defineAction(def) {
    return def;
}
/** `a.b[0].c` from a zod issue path. */
export function formatIssuePath(path) {
    let out = '';
    for (const key of path) {
        if (typeof key === 'number')
            out += `[${key}]`;
        else
            out += out ? `.${String(key)}` : String(key);
    }
    return out;
}
/** Problems from zod issues; each unknown key becomes its own problem at its own path. */
export function problemsOfIssues(issues) {
    const out = [];
    for (const issue of issues) {
        if (issue.code === 'unrecognized_keys' && issue.keys) {
            for (const key of issue.keys)
                out.push({ path: formatIssuePath([...issue.path, key]), message: 'unknown field' });
        }
        else
            out.push({ path: formatIssuePath(issue.path), message: issue.message });
    }
    return out;
}
/** A task's params were refused when it ran (the definition was saved against another schema). */
export class ActionParamsError extends DataValidationError {
    action;
    problems;
    constructor(action, problems) {
        super(`Params of action "${action}" are invalid: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`, 422);
        this.action = action;
        this.problems = problems;
    }
}
export class UnknownActionError extends DataValidationError {
    action;
    constructor(action) {
        super(`No action named "${action}" is registered`, 404);
        this.action = action;
    }
}
export class ActionRegistry {
    #actions = new Map();
    constructor(...defs) {
        this.register(...defs);
    }
    /** Adds actions; a bad name, a missing schema or function, or a name taken throws (a deployment error). */
    register(...defs) {
        for (const def of defs) {
            if (typeof def?.name !== 'string' || !ACTION_NAME_PATTERN.test(def.name)) {
                throw new TypeError(`Action name ${JSON.stringify(def?.name)} is invalid: use letters, digits, ".", "_" and "-", starting with a letter (at most 100 characters)`);
            }
            if (typeof def.params?.safeParse !== 'function')
                throw new TypeError(`Action "${def.name}" needs a zod schema as params`);
            if (typeof def.run !== 'function')
                throw new TypeError(`Action "${def.name}" needs a run function`);
            if (this.#actions.has(def.name))
                throw new TypeError(`An action named "${def.name}" is already registered`);
            this.#actions.set(def.name, def);
        }
        return this;
    }
    get(name) {
        return this.#actions.get(name);
    }
    has(name) {
        return this.#actions.has(name);
    }
    /** Registered names, sorted. */
    names() {
        return [...this.#actions.keys()].sort();
    }
    /** Checks params (absent params count as `{}`) against the action's schema, listing every problem. */
    validateParams(name, params) {
        const action = this.#actions.get(name);
        if (!action)
            return { ok: false, problems: [{ path: '', message: `no action named "${name}" is registered` }] };
        const result = action.params.safeParse(params === undefined ? {} : params);
        if (result.success)
            return { ok: true, params: result.data };
        return { ok: false, problems: problemsOfIssues(result.error.issues) };
    }
    /**
     * Runs an action: params are validated (and transformed) first, the output is bounded JSON
     * (`null` when the action returns nothing). The action's own errors propagate unchanged.
     */
    async invoke(name, params, ctx) {
        const action = this.#actions.get(name);
        if (!action)
            throw new UnknownActionError(name);
        const checked = this.validateParams(name, params);
        if (!checked.ok)
            throw new ActionParamsError(name, checked.problems);
        return toJsonResult(await action.run(checked.params, ctx));
    }
}
