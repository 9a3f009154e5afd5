import { DagTask } from './nodes/dag-task.js';
import { Execute } from './nodes/execute.js';
import { End, Join, Split } from './nodes/flow-control.js';
import { Form } from './nodes/form.js';
import { If } from './nodes/if.js';
import { Repeat } from './nodes/repeat.js';
import { SendMessage } from './nodes/send-message.js';
import { self } from './refs.js';
const builder = {
    Execute: (fn, ...args) => Execute.of(fn, ...args),
    Task: (fn) => DagTask.of(fn),
    If: (condition) => new If(condition),
    Split: () => new Split(),
    Join: () => new Join(),
    End: () => new End(),
    Form: (schema, options) => new Form(schema, options),
    ModelForm: (schema, key, options = {}) => new Form(schema, { ...options, saveAs: key }),
    Repeat: (start) => new Repeat(start),
    SendMessage: (to, message, token, data) => new SendMessage(to, message, token, data),
    this: self,
    typed: () => builder,
};
/** `flow.Execute(…)`, `flow.If(…)` … as in the seeds; `flow.typed<Data>()` types the callbacks. */
export const flow = builder;
