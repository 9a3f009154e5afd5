/**
 * Node steps per second of the engine on the in-memory store: 10,000 instances of a 5-node
 * straight flow (bench/straight-flow.ts), and of a split/join flow. For scale,
 * django-automations runs the straight flow at about 500 node steps/s on SQLite in memory on the
 * reference machine; `npm run bench:in-memory` measures both side by side.
 * The last line is the straight-flow figure.
 */
import { Automation, Engine, MemoryStore, flow as untyped } from '../lib/engine/index.js';
import { bump, Straight, type StraightData as Data } from './straight-flow.js';

const flow = untyped.typed<Data>();

class SplitJoin extends Automation<Data> {
  split = flow.Split().Next('left').Next('right');
  left = flow.Execute(bump).Next('join');
  right = flow.Execute(bump).Next('join');
  join = flow.Join();
  end = flow.End();
}

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 10_000);
const DJANGO_AUTOMATIONS_STEPS_PER_SECOND = 500;

async function measure(cls: typeof Straight | typeof SplitJoin): Promise<{ steps: number; seconds: number }> {
  const engine = new Engine({ store: new MemoryStore(), secret: 'benchmark-secret-0123456789', automations: [cls] });
  await engine.start(cls, { n: 0 }); // warm-up
  let steps = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < INSTANCES; i++) {
    const instance = await engine.start(cls, { n: 0 });
    if (!instance.finished) throw new Error(`${cls.name} did not finish`);
    steps += instance.state.nextSeq - 1; // one task per node visit (a Join visit counts once per path)
  }
  return { steps, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

const rate = (r: { steps: number; seconds: number }) => Math.round(r.steps / r.seconds);
const splitJoin = await measure(SplitJoin);
const straight = await measure(Straight);
console.log(`instances per flow: ${INSTANCES}`);
console.log(`split/join flow: ${splitJoin.steps} node steps in ${splitJoin.seconds.toFixed(2)} s = ${rate(splitJoin)} steps/s (${(rate(splitJoin) / DJANGO_AUTOMATIONS_STEPS_PER_SECOND).toFixed(0)}x django-automations' straight flow)`);
console.log(`straight flow:   ${straight.steps} node steps in ${straight.seconds.toFixed(2)} s = ${rate(straight)} steps/s (${(rate(straight) / DJANGO_AUTOMATIONS_STEPS_PER_SECOND).toFixed(0)}x django-automations at ~${DJANGO_AUTOMATIONS_STEPS_PER_SECOND}/s)`);
console.log(`${rate(straight)} node steps per second`);
