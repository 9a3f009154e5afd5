/**
 * In memory, side by side: the engine on its memory store against django-automations on SQLite
 * in memory, both running the straight 5-node flow of bench/straight-flow.ts (the peer:
 * bench/peers/django_automations_straight.py) for the same number of instances. Rounds
 * alternate (ours, theirs, ours, theirs, …) so that a change in the machine's load hits both
 * sides; the figures are medians. Both sides are timed in steady state: the peer runs in a fresh
 * process per round (settings, migrate and one instance untimed), ours in this process after one
 * untimed round (V8's JIT warms up; CPython has none). The last line is the ratio.
 *
 *   DJANGO_AUTOMATIONS_SRC=/path/to/django-automations npm run bench:in-memory
 *
 * BENCH_INSTANCES (default 1,000) instances per round and side, BENCH_ROUNDS (default 5),
 * DJANGO_PYTHON (default /usr/bin/python3: Debian's python3-django is installed for it, and a
 * pyenv python3 earlier on PATH would not see it). Without the peer it says how to get it and
 * still prints our own figure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, MemoryStore } from '../lib/engine/index.js';
import { instancesPerSecond, median, parsePeerResult, sideBySide, type PeerResult, type RoundResult } from './peers/peer-result.js';
import { Straight } from './straight-flow.js';

const INSTANCES = positiveInteger('BENCH_INSTANCES', 1_000);
const ROUNDS = positiveInteger('BENCH_ROUNDS', 5);
const PYTHON = process.env.DJANGO_PYTHON ?? '/usr/bin/python3';
const SOURCE = process.env.DJANGO_AUTOMATIONS_SRC;
const PEER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'peers', 'django_automations_straight.py');

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** One round of ours: a fresh engine and store, one warm-up instance, then `instances` timed. */
async function ours(instances: number): Promise<RoundResult> {
  const engine = new Engine({ store: new MemoryStore(), secret: 'benchmark-secret-0123456789', automations: [Straight] });
  await engine.start(Straight, { n: 0 });
  const started = process.hrtime.bigint();
  for (let i = 0; i < instances; i++) {
    const instance = await engine.start(Straight, { n: 0 });
    if (!instance.finished || instance.data.n !== 4) throw new Error(`the straight flow did not finish with n = 4 (status ${instance.status}, n = ${instance.data.n})`);
  }
  return { instances, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** One round of theirs: a fresh Python process (settings, migrate, one warm-up instance untimed). */
function theirs(instances: number): PeerResult {
  const run = spawnSync(PYTHON, [PEER_SCRIPT, String(instances)], { encoding: 'utf8', env: { ...process.env, DJANGO_AUTOMATIONS_SRC: SOURCE } });
  if (run.error) throw new Error(`${PYTHON} could not be started: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`the peer failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-5).join('\n')}`);
  return parsePeerResult(run.stdout);
}

/** Why the peer cannot run here, or undefined when it can. */
function peerMissing(): string | undefined {
  if (!SOURCE) return 'DJANGO_AUTOMATIONS_SRC is not set';
  if (!existsSync(join(SOURCE, 'src', 'automations', 'flow.py')) && !existsSync(join(SOURCE, 'automations', 'flow.py'))) {
    return `DJANGO_AUTOMATIONS_SRC=${SOURCE} holds no src/automations/flow.py`;
  }
  const probe = spawnSync(PYTHON, ['-c', 'import django; print(django.get_version())'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} could not be started (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} cannot import django`;
  return undefined;
}

const HOW_TO_GET_THE_PEER = `To measure django-automations beside it:
  1. Django for the system Python (no PyPI needed; Debian bookworm has Django 3.2 for Python 3.11):
       sudo apt-get install -y python3-django
     (or any Python with Django >= 3.0: set DJANGO_PYTHON to it)
  2. The django-automations source (MIT, https://github.com/fsbraun/django-automations):
       git clone https://github.com/fsbraun/django-automations /tmp/django-automations
  3. DJANGO_AUTOMATIONS_SRC=/tmp/django-automations npm run bench:in-memory`;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

console.log(`straight 5-node flow, ${fmt(INSTANCES)} instances per round and side, ${ROUNDS} rounds; ${cpus().length} CPUs, load average ${load()}`);
const missing = peerMissing();
await ours(INSTANCES); // warm-up, untimed
if (missing !== undefined) {
  console.log(`django-automations: not measured (${missing}).\n${HOW_TO_GET_THE_PEER}\n`);
  const rounds: RoundResult[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    rounds.push(await ours(INSTANCES));
    console.log(`round ${round}: ours ${fmt(instancesPerSecond(rounds.at(-1)!))} instances/s`);
  }
  const perSecond = median(rounds.map(instancesPerSecond));
  console.log(`in memory: ${fmt(perSecond)} instances/s = ${fmt(1e6 / perSecond, 1)} µs per instance (median of ${ROUNDS} rounds; django-automations not measured)`);
} else {
  const mine: RoundResult[] = [];
  const peer: PeerResult[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    mine.push(await ours(INSTANCES));
    peer.push(theirs(INSTANCES));
    const [o, t] = [instancesPerSecond(mine.at(-1)!), instancesPerSecond(peer.at(-1)!)];
    console.log(`round ${round}: ours ${fmt(o)} instances/s, django-automations ${fmt(t, 1)} instances/s, ${fmt(o / t, 1)}×; load ${load()}`);
  }
  const s = sideBySide(mine, peer);
  const p = peer[0]!;
  console.log('');
  console.log('| side | instances/s | µs per instance | node steps/s |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| serverless-automations, MemoryStore (Node ${process.versions.node}) | ${fmt(s.ours)} | ${fmt(1e6 / s.ours, 1)} | ${fmt(s.ours * 5)} |`);
  console.log(`| django-automations ${p.version ?? '?'}, Django ${p.django}, SQLite :memory: (Python ${p.python}; ${p.queriesPerInstance} SQL statements per instance) | ${fmt(s.theirs, 1)} | ${fmt(1e6 / s.theirs, 1)} | ${fmt(s.theirs * 5)} |`);
  console.log(`median of the per-round ratios: ${fmt(s.roundRatio, 1)}×; load average at the end ${load()}`);
  console.log(`in memory: ${fmt(s.ratio, 0)}× django-automations (median of ${ROUNDS} interleaved rounds)`);
}
