/**
 * Built-in actions that reach code-defined automations through `ctx.automations`, passing the
 * task's idempotency key so that a task run again after a crash starts or tells nothing twice.
 */
import * as z from 'zod';
import { defineAction } from './registry.js';
const automationName = z.string({ error: 'automation must be a string' }).min(1, 'name the automation');
const data = z.record(z.string(), z.json()).default({});
export function createStartAutomationAction() {
    return defineAction({
        name: 'startAutomation',
        description: 'Starts an instance of a code-defined automation with the given data; the output is its id.',
        params: z.object({ automation: automationName, data }).strict(),
        async run(params, ctx) {
            const { id } = await ctx.automations.start(params.automation, params.data, { idempotencyKey: ctx.idempotencyKey });
            ctx.logger.info('automation started', { automation: params.automation, id });
            return { id };
        },
    });
}
export function createSendMessageAction() {
    return defineAction({
        name: 'sendMessage',
        description: 'Sends a message to an instance of a code-defined automation, named by its id (instance) or its key.',
        params: z
            .object({
            automation: automationName,
            message: z.string({ error: 'message must be a string' }).min(1, 'name the message'),
            instance: z.string().min(1).optional(),
            key: z.string().min(1).optional(),
            data,
        })
            .strict()
            .superRefine((p, ctx) => {
            if ((p.instance === undefined) === (p.key === undefined)) {
                ctx.addIssue({ code: 'custom', path: ['instance'], message: 'give exactly one of instance (an id) or key' });
            }
        }, 
        // Also when other fields have problems, so that every problem is listed at once.
        { when: (payload) => typeof payload.value === 'object' && payload.value !== null }),
        async run(params, ctx) {
            const target = params.instance !== undefined
                ? { id: params.instance, automation: params.automation }
                : { key: params.key, automation: params.automation };
            await ctx.automations.sendMessage(target, params.message, params.data, { idempotencyKey: ctx.idempotencyKey });
            const output = { sent: true, automation: params.automation, message: params.message };
            if (target.id !== undefined)
                output.instance = target.id;
            else
                output.key = target.key;
            ctx.logger.info('message sent', output);
            return output;
        },
    });
}
