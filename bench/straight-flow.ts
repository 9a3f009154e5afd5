/**
 * The straight 5-node flow every bench runs (engine, in-memory, write units, cost): four `Execute` nodes that each add 1 to
 * `n`, then `End`. bench/peers/django_automations_straight.py is the same flow in
 * django-automations, for `npm run bench:in-memory`.
 */
import { Automation, flow as untyped, type Task } from '../lib/engine/index.js';

export interface StraightData {
  n: number;
}

const flow = untyped.typed<StraightData>();
export const bump = (t: Task<StraightData>): void => void (t.data.n += 1);

export class Straight extends Automation<StraightData> {
  a = flow.Execute(bump);
  b = flow.Execute(bump);
  c = flow.Execute(bump);
  d = flow.Execute(bump);
  end = flow.End();
}
