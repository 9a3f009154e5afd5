import { describe, expect, it } from 'vitest';
import {
  Automation, AutomationMismatchError, MessageRequirementsError, NoReceiverError, flow as untyped, requireDataParameters, type Task,
} from '../../lib/engine/index.js';
import { requirementsOf } from '../../lib/engine/messages.js';
import { testEnv } from '../support/env.js';

interface Data {
  email?: string;
  subscribers?: string[];
  log?: string[];
  paid?: boolean;
  parent?: string;
}
const flow = untyped.typed<Data>();

class Newsletter extends Automation<Data> {
  static override meta = { unique: ['email'], publishReceivers: true, requireDataParameters: { updateSubscriber: { details: 'string' } } } as const;
  start = flow.Execute((t) => void (t.data.log = [...(t.data.log ?? []), 'start']));
  wait = flow.Execute((t) => void t.data.log!.push('paid')).AsSoonAs((t) => t.data.paid === true);
  end = flow.End();

  receiveUpdateSubscriber(token: string | undefined, data: Record<string, unknown>) {
    const list = this.data.subscribers ?? [];
    this.data.subscribers = token === 'unsubscribe' ? list.filter((s) => s !== data.details) : [...list, String(data.details)];
    return list.length;
  }
  receivePaid() {
    this.data.paid = true;
    return 'thanks';
  }
  receiveCatch(token: string | undefined) {
    return token === this.data.email ? 'received' : 'not me';
  }
}

class Other extends Automation<Data> {
  start = flow.Execute(() => null).AsSoonAs(() => false);
  end = flow.End();
  receivePaid() {
    return 'other';
  }
}

describe('messages', () => {
  it('run the receiver, save its data changes, then run the instance', async () => {
    const env = await testEnv([Newsletter]);
    const n = await env.engine.start(Newsletter, { email: 'a@x.org' });
    const delivery = await env.engine.sendMessage(n.id, 'update_subscriber', 'subscribe', { details: 'b@x.org' });
    expect(delivery).toMatchObject({ instanceId: n.id, result: 0 });
    expect(await n.sendMessage('updateSubscriber', 'subscribe', { details: 'c@x.org' })).toBe(1);
    expect(n.data.subscribers).toEqual(['b@x.org', 'c@x.org']);
    expect(await n.sendMessage('paid')).toBe('thanks');
    expect(n.finished).toBe(true);
    expect(n.data.log).toEqual(['start', 'paid']);
  });

  it('refuse unknown messages, missing data and messages to finished instances, without writing anything', async () => {
    const env = await testEnv([Newsletter]);
    const n = await env.engine.start(Newsletter, { email: 'a@x.org' });
    const before = await env.engine.get(n.id);
    await expect(n.sendMessage('nothing')).rejects.toBeInstanceOf(NoReceiverError);
    const missing = await env.engine.sendMessage(n.id, 'updateSubscriber', 'subscribe', {}).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MessageRequirementsError);
    expect((missing as MessageRequirementsError).problems).toEqual(['"details" (string) is missing']);
    await expect(env.engine.sendMessage(n.id, 'updateSubscriber', 'subscribe', { details: { nested: true } })).rejects.toMatchObject({ status: 422 });
    await expect(env.engine.sendMessage(n.id, 'bad name!', undefined)).rejects.toMatchObject({ status: 400 });
    expect(await env.engine.get(n.id)).toEqual(before);
    await n.sendMessage('paid');
    await expect(n.sendMessage('paid')).rejects.toMatchObject({ status: 409 });
  });

  it('requireDataParameters also works as a standard decorator (where the toolchain lowers decorators)', () => {
    function receivePing() {
      return 'pong';
    }
    const decorated = requireDataParameters({ email: 'string' })(receivePing, {} as ClassMethodDecoratorContext);
    expect(decorated).toBe(receivePing);
    expect(requirementsOf(receivePing)).toEqual({ email: 'string' });
  });

  it('satisfiesDataRequirements and publishedReceivers describe the receivers', async () => {
    const env = await testEnv([Newsletter, Other]);
    expect(env.engine.satisfiesDataRequirements(Newsletter, 'updateSubscriber', { details: 'x' })).toBe(true);
    expect(env.engine.satisfiesDataRequirements(Newsletter, 'updateSubscriber', { other: 'x' })).toBe(false);
    expect(env.engine.satisfiesDataRequirements(Newsletter, 'paid', {})).toBe(true);
    expect(env.engine.publishedReceivers()).toEqual([
      { automation: 'Newsletter', message: 'updateSubscriber', label: 'Update subscriber' },
      { automation: 'Newsletter', message: 'paid', label: 'Paid' },
      { automation: 'Newsletter', message: 'catch', label: 'Catch' },
    ]);
  });

  it('dispatchMessage by id uses the instance’s own class and refuses a mismatching one', async () => {
    const env = await testEnv([Newsletter, Other]);
    const other = await env.engine.start(Other, {});
    expect((await env.engine.dispatchMessage(other.id, 'paid')).result).toBe('other');
    const mismatch = await env.engine.dispatchMessage(other.id, 'paid', undefined, {}, { automation: Newsletter }).catch((e: unknown) => e);
    expect(mismatch).toBeInstanceOf(AutomationMismatchError);
    expect((await env.engine.dispatchMessage(other, 'paid')).result).toBe('other');
  });

  it('createOnMessage runs the receiver before the first node, and reuses a unique instance', async () => {
    const env = await testEnv([Newsletter]);
    const first = await env.engine.createOnMessage(Newsletter, 'updateSubscriber', 'subscribe', { details: 'z@x.org', email: 'owner@x.org' });
    const created = await env.engine.bind(first.instanceId, Newsletter);
    expect(created.data).toEqual({ email: 'owner@x.org', subscribers: ['z@x.org'], log: ['start'] });
    expect((await created.tasks()).map((t) => t.node)).toEqual(['start', 'wait']);
    const again = await env.engine.createOnMessage(Newsletter, 'updateSubscriber', 'subscribe', { details: 'y@x.org', email: 'owner@x.org' });
    expect(again.instanceId).toBe(first.instanceId);
    await expect(env.engine.createOnMessage(Newsletter, 'updateSubscriber', 'subscribe', { details: 'y@x.org' })).rejects.toMatchObject({ status: 400 });
  });

  it('broadcastMessage reaches every running instance, and stops at "received"', async () => {
    const env = await testEnv([Newsletter, Other]);
    const emails = ['a@x.org', 'b@x.org', 'c@x.org'];
    for (const email of emails) await env.engine.start(Newsletter, { email });
    await env.engine.start(Other, {});
    const all = await env.engine.broadcastMessage(Newsletter, 'catch', 'nobody');
    expect(all).toEqual(['not me', 'not me', 'not me']);
    const caught = await env.engine.broadcastMessage(Newsletter, 'catch', 'b@x.org');
    expect(caught.at(-1)).toBe('received');
    expect(caught.length).toBeLessThanOrEqual(3);
    expect(caught.slice(0, -1).every((r) => r === 'not me')).toBe(true);
  });

  it('SendMessage reaches an id, an instance object, and every instance of a class', async () => {
    class Parent extends Automation<Data> {
      start = flow.Execute(() => null).AsSoonAs((t) => t.data.paid === true);
      end = flow.End();
      receivePaid() {
        this.data.paid = true;
        return 'parent paid';
      }
    }
    class Child extends Automation<Data> {
      notifyById = flow.SendMessage((t: Task<Data>) => t.data.parent!, 'paid');
      notifyAll = flow.SendMessage(Other, 'paid');
      notifySelf = flow.SendMessage((t: Task<Data>) => t.instanceId, 'note', 'self');
      end = flow.End();
      receiveNote(token: string | undefined) {
        this.data.log = [...(this.data.log ?? []), `note:${token}`];
      }
    }
    const env = await testEnv([Parent, Child, Other]);
    const parent = await env.engine.start(Parent, {});
    await env.engine.start(Other, {});
    await env.engine.start(Other, {});
    const child = await env.engine.start(Child, { parent: parent.id });
    expect(child.finished).toBe(true);
    expect(child.data.log).toEqual(['note:self']);
    expect((await child.tasks()).map((t) => t.result)).toEqual(['parent paid', ['other', 'other'], null, null]);
    expect((await parent.refresh()).finished).toBe(true);

    const orphan = await env.engine.start(Child, { parent: 'no-such-instance' });
    expect(orphan.status).toBe('error');
    expect(orphan.state.error!.message).toContain('No automation instance with id "no-such-instance"');
  });
});
