const BINDING = Symbol('serverless-automations.binding');
/**
 * Base class of every automation. Subclasses declare their nodes as fields, in order:
 * `start = flow.Execute(this.init)`. An object made with `new` is only a declaration;
 * instances are created and bound by an engine (`engine.start(MyAutomation, data)`).
 */
export class Automation {
    static meta;
    binding() {
        const binding = this[BINDING];
        if (!binding)
            throw new Error(`This ${this.constructor.name} object is a declaration, not an instance: start one with engine.start(${this.constructor.name}, data)`);
        return binding;
    }
    get id() {
        return this.binding().state.id;
    }
    get status() {
        return this.binding().state.status;
    }
    get finished() {
        return this.binding().state.status === 'finished';
    }
    /** The state as of the last operation through this object. */
    get state() {
        return this.binding().state;
    }
    /** Runs until the instance finishes, needs a person, or must wait. */
    async run() {
        return this.refreshAfter(this.binding().engine.run(this.id));
    }
    /** Deletes the instance and its history (for instances created in error). */
    async kill() {
        await this.binding().engine.kill(this.id);
    }
    /** Resumes an instance that stopped on an error, re-running the failed node. */
    async retry() {
        return this.refreshAfter(this.binding().engine.retry(this.id));
    }
    async sendMessage(message, token, data) {
        return this.refreshAfter(this.binding().engine.sendMessage(this.id, message, token, data));
    }
    /** An unguessable key for this instance, safe to put in URLs (`?key=…`). */
    getKey() {
        return this.binding().engine.getKey(this.id);
    }
    /** The task history, oldest first. */
    async tasks() {
        return this.binding().engine.tasks(this.id);
    }
    /** Reloads data and status from the store. */
    async refresh() {
        const binding = this.binding();
        const state = await binding.engine.get(this.id);
        if (state) {
            binding.state = state;
            this.data = state.data;
        }
        return this;
    }
    async refreshAfter(operation) {
        const result = await operation;
        await this.refresh();
        return result;
    }
}
/** Makes `target` a live instance object over `state` (used by the engine). */
export function bindInstance(target, engine, state) {
    Object.defineProperty(target, BINDING, { value: { engine, state }, enumerable: false, writable: true });
    target.data = state.data;
}
export function isBound(value) {
    return value instanceof Automation && value[BINDING] !== undefined;
}
