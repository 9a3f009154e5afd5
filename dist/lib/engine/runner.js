import { toMilliseconds, toTimestamp, toWaitMilliseconds } from './duration.js';
import { LeaseLostError } from './errors.js';
import { toJsonObject, toJsonResult } from './json.js';
import { Ref } from './refs.js';
const MAX_ERROR_MESSAGE = 1_000;
const MAX_STACK = 4_000;
export function describeError(error) {
    const e = error instanceof Error ? error : new Error(typeof error === 'string' ? error : JSON.stringify(toJsonResult(error)));
    const header = `${e.name}: ${e.message}`;
    let stack = e.stack ?? header;
    // the message is kept on its own; the stack keeps its frames rather than a long message
    if (stack.startsWith(header))
        stack = `${e.name}: ${e.message.slice(0, 200)}${stack.slice(header.length)}`;
    return { name: e.name.slice(0, 100), message: e.message.slice(0, MAX_ERROR_MESSAGE), stack: stack.slice(0, MAX_STACK) };
}
/**
 * One leased run of one instance: executes node after node, committing each outcome with
 * compare-and-set before any later node can have effects, and releases the lease at the end.
 */
export class InstanceRun {
    def;
    state;
    automation;
    settings;
    hooks;
    owner;
    pending = [];
    dirty = false;
    waits = new Map();
    background = [];
    steps = 0;
    yielded = false;
    releaseUnique = false;
    constructor(def, state, automation, settings, hooks, owner) {
        this.def = def;
        this.state = state;
        this.automation = automation;
        this.settings = settings;
        this.hooks = hooks;
        this.owner = owner;
    }
    get now() {
        return this.settings.clock.now();
    }
    /** Runs until nothing can progress, then commits the outcome and releases the lease. */
    async run() {
        if (this.state.status !== 'error' && this.state.status !== 'finished') {
            this.state.status = 'running';
            await this.loop();
        }
        return this.finish();
    }
    async loop() {
        for (;;) {
            let progressed = false;
            for (const path of [...this.state.paths]) {
                if (!this.state.paths.includes(path) || path.joined)
                    continue;
                if (path.background) {
                    if (await this.checkBackground(path)) {
                        progressed = true;
                        this.waits.delete(path.id);
                    }
                    if (this.state.status === 'error' || this.state.status === 'finished')
                        return;
                    continue;
                }
                if (await this.step(path)) {
                    progressed = true;
                    this.waits.delete(path.id);
                }
                if (this.state.status === 'error' || this.state.status === 'finished')
                    return;
                if (this.steps >= this.settings.maxStepsPerRun) {
                    this.yielded = true;
                    return;
                }
            }
            if (!progressed)
                return;
        }
    }
    /** Executes or re-checks the node `path` stands at; true if the path moved on. */
    async step(path) {
        const fn = this.def.byName.get(path.node);
        if (!fn) {
            this.stopOnError(path, path.node, new Error(`node '${path.node}' no longer exists in ${this.def.name}`));
            return false;
        }
        const opened = path.task === null;
        if (opened) {
            path.task = this.state.nextSeq++;
            path.taskCreated = this.now;
            this.dirty = true;
        }
        const { node } = fn;
        const options = node.options;
        const ctx = this.context(path, fn);
        let outcome;
        const before = JSON.stringify(this.automation.data);
        try {
            if (options.skipIf !== undefined && (await ctx.evaluate(options.skipIf)))
                return this.skip(path, fn);
            const deadline = options.skipAfter === undefined ? null : path.taskCreated + toMilliseconds(options.skipAfter);
            if (deadline !== null && this.now >= deadline)
                return this.skip(path, fn);
            let until = -Infinity;
            if (options.waitUntil !== undefined)
                until = toTimestamp((await ctx.evaluate(options.waitUntil)), `AfterWaitingUntil of '${fn.name}'`);
            if (options.waitFor !== undefined)
                until = Math.max(until, path.taskCreated + toWaitMilliseconds((await ctx.evaluate(options.waitFor))));
            if (this.now < until)
                return this.wait(path, fn, opened, 'time', Math.min(until, deadline ?? Infinity), false);
            if (options.asSoonAs !== undefined && !(await ctx.evaluate(options.asSoonAs))) {
                return this.wait(path, fn, opened, 'condition', Math.min(this.now + this.pollInterval, deadline ?? Infinity), true);
            }
            if (node.runsInBackground)
                return this.queueBackground(path, fn, opened);
            if (node.hasEffects)
                await this.flush(); // effects never get ahead of the outcomes before them
            outcome = await node.run(ctx);
            if (outcome.kind === 'wait' && deadline !== null)
                outcome = { ...outcome, until: Math.min(outcome.until ?? Infinity, deadline) };
        }
        catch (error) {
            if (error instanceof LeaseLostError)
                throw error;
            outcome = { kind: 'fail', error, ...this.onErrorTarget(node) };
        }
        if (outcome.kind !== 'fail') {
            try {
                this.acceptData();
            }
            catch (error) {
                outcome = { kind: 'fail', error, ...this.onErrorTarget(node) };
            }
        }
        if (outcome.kind === 'fail')
            this.rollbackData(before);
        return this.apply(path, fn, outcome, opened);
    }
    get pollInterval() {
        return this.def.pollIntervalMs ?? this.settings.pollIntervalMs;
    }
    onErrorTarget(node) {
        if (node.onError === undefined)
            return {};
        const t = node.onError;
        return { to: t instanceof Ref ? t.name : t.replace(/^self\./, '') };
    }
    /** Validates the data a node left behind (JSON, size); throws if the node broke it. */
    acceptData() {
        this.state.data = toJsonObject(this.automation.data, `The data of ${this.def.name} instance ${this.state.id}`, this.settings.dataLimitBytes);
        this.automation.data = this.state.data;
    }
    rollbackData(before) {
        this.state.data = JSON.parse(before);
        this.automation.data = this.state.data;
    }
    /** Applies a node's outcome to the path; true if the path moved on. */
    apply(path, fn, outcome, opened) {
        switch (outcome.kind) {
            case 'next':
                this.finishTask(path, fn, 'OK', outcome.result);
                this.advance(path, outcome.to ?? fn.next);
                return true;
            case 'wait':
                return this.wait(path, fn, opened, outcome.reason, outcome.until ?? null, false, outcome.assignment);
            case 'split': {
                this.finishTask(path, fn, 'OK', { paths: outcome.to });
                const frame = { split: path.task, size: outcome.to.length };
                const children = outcome.to.map((node) => ({
                    id: this.state.nextPathId++, node, task: null, taskCreated: null, frames: [...path.frames, frame],
                }));
                this.state.paths.splice(this.state.paths.indexOf(path), 1, ...children);
                this.steps++;
                return true;
            }
            case 'join':
                return this.arriveAtJoin(path, fn, opened);
            case 'end':
                this.end(path, fn);
                return true;
            case 'background':
                return this.queueBackground(path, fn, opened, outcome.deadline);
            case 'retire':
                this.retire(path, fn, outcome);
                return true;
            case 'fail':
                if (outcome.to !== undefined) {
                    this.finishTask(path, fn, this.errorLine(outcome.error), null, describeError(outcome.error));
                    this.advance(path, outcome.to);
                    return true;
                }
                this.stopOnError(path, fn.name, outcome.error);
                return false;
        }
    }
    errorLine(error) {
        const e = describeError(error);
        return `${e.name}: ${e.message}`.slice(0, MAX_ERROR_MESSAGE);
    }
    skip(path, fn) {
        this.finishTask(path, fn, 'skipped', null);
        this.advance(path, fn.next);
        return true;
    }
    wait(path, fn, opened, reason, until, poll, assignment) {
        this.waits.set(path.id, { reason, until: until === null || until === Infinity ? null : until, poll });
        if (opened)
            this.pending.push(this.record(path, fn, null, null, null, null, assignment));
        return false;
    }
    queueBackground(path, fn, opened, deadline) {
        path.background = { owner: '', since: this.now, ...(deadline === undefined ? {} : { deadline }) };
        this.dirty = true;
        this.background.push({ instanceId: this.state.id, task: path.task, dispatchedAt: this.now });
        return this.wait(path, fn, opened, 'background', this.backgroundDue(path.background), false);
    }
    /** When a background job needs a look: its deadline, or (until claimed, or without a deadline) the lease time. */
    backgroundDue(bg) {
        const handOut = bg.since + this.settings.leaseMs;
        if (bg.deadline === undefined)
            return handOut;
        return bg.owner === '' ? Math.min(handOut, bg.deadline) : bg.deadline;
    }
    /**
     * A job past its deadline has failed (its runner is too slow or died: the node settles it as a
     * failure). Without a deadline, a job nobody finished within the lease time is handed out
     * again; with one, only a job nobody claimed is (a claimed one may have had effects).
     */
    async checkBackground(path) {
        const bg = path.background;
        const fn = this.def.byName.get(path.node);
        if (fn && bg.deadline !== undefined && this.now >= bg.deadline) {
            delete path.background;
            this.dirty = true;
            await this.flush(); // settling may have effects (an error hook)
            const ctx = this.context(path, fn);
            const error = new Error(`no result by the deadline ${new Date(bg.deadline).toISOString()}: the task timed out or its runner died`);
            error.name = 'TaskTimeoutError';
            return this.apply(path, fn, await fn.node.settle(ctx, { kind: 'fail', error }), false);
        }
        if (this.now >= bg.since + this.settings.leaseMs && (bg.owner === '' || bg.deadline === undefined)) {
            path.background = { ...bg, owner: '', since: this.now };
            this.dirty = true;
            this.background.push({ instanceId: this.state.id, task: path.task, dispatchedAt: this.now });
        }
        this.waits.set(path.id, { reason: 'background', until: this.backgroundDue(path.background), poll: false });
        return false;
    }
    /** Closes the path's task and removes the path; `end` finishes the instance once no path is left. */
    retire(path, fn, outcome) {
        if (path.task !== null) {
            const failed = outcome.error !== undefined;
            this.finishTask(path, fn, failed ? this.errorLine(outcome.error) : (outcome.message ?? 'OK'), outcome.result, failed ? describeError(outcome.error) : null);
        }
        this.removePath(path);
        this.steps++;
        if (outcome.end && this.state.paths.length === 0)
            this.endHere();
    }
    removePath(path) {
        const index = this.state.paths.indexOf(path);
        if (index >= 0)
            this.state.paths.splice(index, 1);
        this.waits.delete(path.id);
        this.dirty = true;
    }
    /** Removes a path from outside (an operator cancelled its DAG task), closing its open task with `message`. */
    retirePath(path, message) {
        const fn = this.def.byName.get(path.node);
        if (path.task !== null && fn)
            this.finishTask(path, fn, message, null);
        this.removePath(path);
    }
    /** Finishes the instance now (no path is left, e.g. a job whose last tasks were cancelled). */
    endHere() {
        this.state.status = 'finished';
        this.state.finishedAt = this.now;
        this.releaseUnique = this.state.uniqueKey !== null;
        this.waits.clear();
        this.dirty = true;
    }
    /** Closes the path's task with `message` and moves the path to `node` (a resubmission sends it back). */
    movePath(path, node, message) {
        const fn = this.def.byName.get(path.node);
        if (path.task !== null && fn)
            this.finishTask(path, fn, message, null);
        this.advance(path, node);
    }
    /** Opens a path at `node` (e.g. a DAG task an operator retried). */
    addPath(node) {
        const path = { id: this.state.nextPathId++, node, task: null, taskCreated: null, frames: [] };
        this.state.paths.push(path);
        this.dirty = true;
        return path;
    }
    arriveAtJoin(path, fn, opened) {
        const frame = path.frames.at(-1);
        if (!frame) {
            this.finishTask(path, fn, 'OK', null); // a Join reached without a Split (e.g. the Split was skipped) lets the path through
            this.advance(path, fn.next);
            return true;
        }
        path.joined = true;
        this.dirty = true;
        if (opened)
            this.pending.push(this.record(path, fn, null, null, null, null));
        const members = this.state.paths.filter((p) => p.frames.some((f) => f.split === frame.split));
        const complete = members.every((p) => p.joined && p.node === fn.name && p.frames.at(-1)?.split === frame.split);
        if (!complete) {
            this.waits.set(path.id, { reason: 'join', until: null, poll: false });
            return false;
        }
        const survivor = members.reduce((a, b) => (a.id <= b.id ? a : b));
        for (const member of members) {
            this.finishTask(member, fn, member === survivor ? 'OK' : 'joined', member === survivor ? { joined: members.length } : null);
            this.waits.delete(member.id);
        }
        this.state.paths = this.state.paths.filter((p) => p === survivor || !members.includes(p));
        survivor.frames = survivor.frames.slice(0, -1);
        delete survivor.joined;
        this.advance(survivor, fn.next);
        return true;
    }
    end(path, fn) {
        this.finishTask(path, fn, 'OK', null);
        for (const other of this.state.paths) {
            if (other === path || other.task === null)
                continue;
            const otherNode = this.def.byName.get(other.node);
            this.pending.push(this.record(other, otherNode ?? fn, `cancelled: the instance ended at '${fn.name}'`, null, null, this.now));
        }
        this.state.paths = [];
        this.state.status = 'finished';
        this.state.finishedAt = this.now;
        this.releaseUnique = this.state.uniqueKey !== null;
        this.waits.clear();
    }
    stopOnError(path, node, error) {
        const fn = this.def.byName.get(node);
        const seq = path.task;
        if (seq !== null) {
            this.pending.push({
                instanceId: this.state.id, automation: this.state.automation, seq, node, path: path.id, created: path.taskCreated ?? this.now, finished: this.now,
                message: this.errorLine(error), result: null, error: describeError(error),
                ...(fn?.node.humanTask() && !fn.node.humanTask().decisionOnly ? { assignment: fn.node.humanTask().assignment } : {}),
                ...(this.state.definition ? { definition: this.state.definition } : {}),
            });
        }
        this.state.status = 'error';
        this.state.error = { node, task: seq ?? -1, message: this.errorLine(error) };
        path.task = null;
        path.taskCreated = null;
        this.dirty = true;
    }
    advance(path, to) {
        path.node = to;
        path.task = null;
        path.taskCreated = null;
        this.dirty = true;
        this.steps++;
    }
    record(path, fn, message, result, error, finished, assignment) {
        const record = {
            instanceId: this.state.id, automation: this.state.automation, seq: path.task, node: fn.name, path: path.id, created: path.taskCreated, finished, message, result, error,
        };
        const human = fn.node.humanTask();
        // an Approval step's own task is no human task: its items are separate records
        const formAssignment = assignment === undefined ? (human?.decisionOnly ? undefined : human?.assignment) : assignment;
        if (formAssignment !== undefined && formAssignment !== null)
            record.assignment = formAssignment;
        if (this.state.definition)
            record.definition = this.state.definition;
        return record;
    }
    /** Adds or replaces a task record in the next commit (e.g. an approval item opened or closed). */
    writeTask(record) {
        this.pending.push(this.state.definition && !record.definition ? { ...record, definition: this.state.definition } : record);
        this.dirty = true;
    }
    /** Gives up the unique claim with the last commit of this run, although the instance goes on. */
    releaseUniqueKey() {
        this.releaseUnique = this.state.uniqueKey !== null;
    }
    finishTask(path, fn, message, result, error = null, completedBy) {
        const record = this.record(path, fn, message, toJsonResult(result), error, this.now);
        if (completedBy !== undefined)
            record.completedBy = completedBy;
        this.pending.push(record);
        this.dirty = true;
    }
    /** Completes a waiting task from outside (a form submission) and moves its path on. */
    completeTask(path, fn, result, completedBy) {
        this.finishTask(path, fn, 'OK', result, null, completedBy);
        this.advance(path, fn.next);
    }
    /** The task records this run would commit, handed to a commit made without the lease (which it then owns). */
    takePending() {
        const pending = this.pending;
        this.pending = [];
        this.dirty = false;
        return pending;
    }
    /** What a change committed without the lease reports: the state as it is, its due time unchanged (at worst an early look). */
    unleasedResult() {
        const state = this.state;
        const positions = state.paths.map((p) => ({ path: p.id, node: p.node, waiting: p.waiting?.reason ?? null, until: p.waiting?.until ?? null }));
        const wake = state.dueAt === null ? { kind: 'external' } : { kind: 'at', at: state.dueAt };
        return { id: state.id, automation: state.automation, status: state.status, positions, wake, steps: this.steps, background: [] };
    }
    /** Commits what is pending (renewing the lease), so that no later effect can get ahead of it. */
    async flush() {
        if (!this.dirty && this.pending.length === 0)
            return;
        await this.commit(false);
    }
    async commit(final) {
        const state = this.state;
        const expected = state.version;
        const now = this.now;
        state.version = expected + 1;
        state.updated = now;
        if (final)
            state.lease = null;
        else {
            state.lease = { owner: this.owner, until: now + this.settings.leaseMs };
            state.dueAt = state.lease.until; // if this runner dies, the tick picks the instance up again
        }
        const ok = await this.settings.store.commit({
            expectedVersion: expected,
            state,
            tasks: this.pending,
            ...(this.releaseUnique && final && state.uniqueKey !== null ? { releaseUniqueKey: state.uniqueKey } : {}),
        });
        if (!ok) {
            state.version = expected;
            throw new LeaseLostError(state.id);
        }
        this.pending = [];
        this.dirty = false;
    }
    async finish() {
        const state = this.state;
        const now = this.now;
        let due;
        for (const wait of this.waits.values())
            if (wait.until !== null && (!due || wait.until < due.until))
                due = wait;
        if (state.status === 'running')
            state.status = 'waiting';
        for (const path of state.paths) {
            const wait = this.waits.get(path.id);
            path.waiting = wait ? { reason: wait.reason, until: wait.until } : null;
        }
        let wake;
        if (state.status === 'finished' || state.status === 'error') {
            state.dueAt = null;
            wake = { kind: 'none' };
        }
        else if (this.yielded) {
            state.dueAt = now;
            wake = { kind: 'at', at: now };
        }
        else if (due) {
            state.dueAt = due.until;
            wake = due.poll ? { kind: 'poll', at: due.until } : { kind: 'at', at: due.until };
        }
        else {
            state.dueAt = null;
            wake = { kind: 'external' };
        }
        await this.commit(true);
        const positions = state.paths.map((p) => {
            const wait = this.waits.get(p.id);
            return { path: p.id, node: p.node, waiting: wait?.reason ?? (p.joined ? 'join' : null), until: wait?.until ?? null };
        });
        return { id: state.id, automation: state.automation, status: state.status, positions, wake, steps: this.steps, background: this.background };
    }
    /** The task object node functions receive. */
    taskFor(path, fn) {
        const automation = this.automation;
        const created = path.taskCreated ?? this.now;
        const clock = this.settings.clock;
        return {
            instanceId: this.state.id,
            seq: path.task,
            node: fn.name,
            created: new Date(created),
            now: new Date(this.now),
            idempotencyKey: `${this.state.id}:${path.task}`,
            get data() {
                return automation.data;
            },
            set data(value) {
                automation.data = value;
            },
            automation,
            hoursSinceCreated: () => (clock.now() - created) / 3_600_000,
        };
    }
    context(path, fn) {
        const task = this.taskFor(path, fn);
        const automation = this.automation;
        const def = this.def;
        const evaluate = async (spec, ...args) => {
            if (spec instanceof Ref) {
                const member = automation[spec.name];
                return typeof member === 'function' ? member.call(automation, task, ...args) : member;
            }
            if (typeof spec === 'function')
                return spec.call(automation, task, ...args);
            return spec;
        };
        const nodeName = (branch) => {
            const name = branch instanceof Ref ? branch.name : typeof branch === 'string' ? branch.replace(/^self\./, '') : undefined;
            return name !== undefined && def.byName.has(name) ? name : undefined;
        };
        return {
            task,
            now: this.now,
            timeZone: def.timeZone ?? this.settings.timeZone,
            firstNode: def.first,
            instance: this.state,
            changed: () => {
                this.dirty = true;
            },
            evaluate,
            nodeName,
            target: (ref) => {
                const name = nodeName(ref);
                if (name === undefined)
                    throw new Error(`'${String(ref)}' is not a node of ${def.name}`);
                return name;
            },
            anchor: () => {
                const anchors = this.state.anchors;
                if (anchors[fn.name] === undefined) {
                    anchors[fn.name] = path.taskCreated;
                    this.dirty = true;
                }
                return anchors[fn.name];
            },
            resolveMessageTarget: (spec) => this.hooks.resolveMessageTarget(spec, evaluate),
            send: (target, message, token, data) => this.hooks.send(this, target, message, token, data),
            writeTask: (record) => this.writeTask(record),
            commit: () => this.flush(),
            releaseUniqueKey: () => this.releaseUniqueKey(),
        };
    }
}
