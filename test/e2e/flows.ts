import { Automation, flow as untyped, type AutomationClass, type Task } from '../../lib/engine/index.js';
import type { EventTrigger } from '../../lib/engine/event-triggers.js';
import { automations as examples } from '../../flows/index.js';

/** Test automations for the runtime: a webhook/event target, a polled condition, a background node. */

interface OrderData {
  orderId: string;
  paid?: boolean;
  payments?: number;
  amount?: number;
  shippedAt?: string;
  paidAt?: string;
}
const orderFlow = untyped.typed<OrderData>();

export class Order extends Automation<OrderData> {
  static override meta = { unique: ['orderId'], requireDataParameters: { paid: { amount: 'number' } } } as const;
  static events: EventTrigger[] = [
    { name: 'placed', pattern: { source: ['test.shop'], 'detail-type': ['OrderPlaced'] } },
    {
      name: 'paid',
      pattern: { source: ['test.billing'], 'detail-type': ['PaymentReceived'], detail: { amount: [{ numeric: ['>', 0] }] } },
      message: 'paid',
      to: (event) => ({ id: String(event.detail.instanceId) }),
      data: (event) => ({ amount: event.detail.amount }),
    },
    { name: 'promotion', pattern: { source: ['test.marketing'] }, message: 'paid', to: 'broadcast', data: () => ({ amount: 0 }) },
  ];

  start = orderFlow.Execute((task: Task<OrderData>) => {
    task.data.payments = 0;
  });
  ship = orderFlow.Execute((task: Task<OrderData>) => {
    task.data.shippedAt = task.now.toISOString();
  }).AsSoonAs((task: Task<OrderData>) => task.data.paid === true);
  end = orderFlow.End();

  receivePaid(_token: string | undefined, data: Record<string, unknown>) {
    this.data.paid = true;
    this.data.amount = Number(data.amount);
    this.data.payments = (this.data.payments ?? 0) + 1;
    this.data.paidAt = new Date().toISOString();
    return 'received';
  }
}

interface CountdownData {
  readyAt: string;
  firedAt?: string;
}
const countdownFlow = untyped.typed<CountdownData>();

/** Waits on a polled condition (not a timer): only the tick can move it on. */
export class Countdown extends Automation<CountdownData> {
  static override meta = { pollInterval: { seconds: 1 } };
  start = countdownFlow.Execute(() => undefined);
  fire = countdownFlow.Execute((task: Task<CountdownData>) => {
    task.data.firedAt = task.now.toISOString();
  }).AsSoonAs((task: Task<CountdownData>) => task.now.getTime() >= Date.parse(task.data.readyAt));
  end = countdownFlow.End();
}

interface ReportData {
  rows?: number;
  summary?: string;
}
const reportFlow = untyped.typed<ReportData>();

/** A threaded Execute: runs in the worker (through the background state machine). */
export class Report extends Automation<ReportData> {
  start = reportFlow.Execute(() => undefined);
  crunch = reportFlow.Execute(async (task: Task<ReportData>) => {
    await new Promise((r) => setTimeout(r, 20));
    task.data.rows = 42;
  }).Threaded();
  summarise = reportFlow.Execute((task: Task<ReportData>) => {
    task.data.summary = `${task.data.rows} rows`;
  });
  end = reportFlow.End();
}

export const testAutomations: readonly AutomationClass[] = [...examples, Order, Countdown, Report];
