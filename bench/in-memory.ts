/**
 * In memory, side by side: the engine on its memory store against django-automations on SQLite
 * in memory, both running the straight 5-node flow of bench/straight-flow.ts (the peer:
 * bench/peers/django_automations_straight.py) for the same number of instances. Rounds
 * alternate (ours, theirs, ours, theirs, …) so that a change in the machine's load hits both
 * sides; the figures are medians. Both sides are timed in steady state: the peer in a fresh
 * process per round (settings, migrate and one instance untimed), ours in this process after
 * BENCH_WARM_UP (default 5,000) untimed instances, whose rates are printed: V8 optimises the
 * hot functions only after some thousands of node steps (later on a busy machine, where its
 * compiler threads wait for a core), and before that our side runs several times slower.
 * CPython has no JIT to warm.
 *
 * The ratio is taken per CPU second (each process's CPU time, all threads: V8's GC and compiler
 * threads count against us; neither side waits for I/O), which a machine shared with other work
 * disturbs less than the wall clock; the wall-clock ratio is printed beside it. The last
 * line is the ratio.
 *
 *   DJANGO_AUTOMATIONS_SRC=/path/to/django-automations npm run bench:in-memory
 *
 * BENCH_INSTANCES (default 1,000) instances into a fresh store per round and side (ours does it
 * BENCH_OUR_REPEATS times per round, default 10), BENCH_ROUNDS (default 5),
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
const WARM_UP = positiveInteger('BENCH_WARM_UP', 5_000);
const OUR_REPEATS = positiveInteger('BENCH_OUR_REPEATS', 10);
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

/** `instances` of ours into a fresh engine and store, after one warm-up instance. */
async function oneStore(instances: number): Promise<RoundResult> {
  const engine = new Engine({ store: new MemoryStore(), secret: 'benchmark-secret-0123456789', automations: [Straight] });
  await engine.start(Straight, { n: 0 });
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < instances; i++) {
    const instance = await engine.start(Straight, { n: 0 });
    if (!instance.finished || instance.data.n !== 4) throw new Error(`the straight flow did not finish with n = 4 (status ${instance.status}, n = ${instance.data.n})`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { instances, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

/**
 * One round of ours: OUR_REPEATS times what the peer does in its round (`instances` into a
 * fresh store), summed, so that our round samples the machine's load over about a second
 * rather than a fraction of one, as the peer's round of many seconds does.
 */
async function ours(instances: number): Promise<RoundResult> {
  const total: RoundResult = { instances: 0, seconds: 0, cpuSeconds: 0 };
  for (let i = 0; i < OUR_REPEATS; i++) {
    const r = await oneStore(instances);
    total.instances += r.instances;
    total.seconds += r.seconds;
    total.cpuSeconds += r.cpuSeconds;
  }
  return total;
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

console.log(`straight 5-node flow, ${fmt(INSTANCES)} instances into a fresh store per round (ours: ${OUR_REPEATS} such stores per round), ${ROUNDS} rounds; ${cpus().length} CPUs, load average ${load()}`);
const missing = peerMissing();
const rate = (r: RoundResult) => `${fmt(instancesPerSecond(r), 1)}/s (${fmt(instancesPerSecond(r, 'cpuSeconds'), 1)} per CPU s)`;
const warmUp: RoundResult[] = [];
for (let done = 0; done < WARM_UP; done += INSTANCES) warmUp.push(await oneStore(INSTANCES));
console.log(`our warm-up (untimed), ${fmt(warmUp.length * INSTANCES)} instances in rounds of ${fmt(INSTANCES)}: first round ${rate(warmUp[0]!)}, last ${rate(warmUp.at(-1)!)}`);

if (missing !== undefined) {
  console.log(`django-automations: not measured (${missing}).\n${HOW_TO_GET_THE_PEER}\n`);
  const rounds: RoundResult[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    rounds.push(await ours(INSTANCES));
    console.log(`round ${round}: ours ${rate(rounds.at(-1)!)}; load ${load()}`);
  }
  const wall = median(rounds.map((r) => instancesPerSecond(r)));
  const cpu = median(rounds.map((r) => instancesPerSecond(r, 'cpuSeconds')));
  console.log(`in memory: ${fmt(cpu)} instances per CPU second = ${fmt(1e6 / cpu, 1)} µs of CPU per instance, ${fmt(wall)} per wall-clock second (median of ${ROUNDS} rounds; django-automations not measured)`);
} else {
  const mine: RoundResult[] = [];
  const peer: PeerResult[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    mine.push(await ours(INSTANCES));
    peer.push(theirs(INSTANCES));
    const [o, t] = [mine.at(-1)!, peer.at(-1)!];
    const ratio = instancesPerSecond(o, 'cpuSeconds') / instancesPerSecond(t, 'cpuSeconds');
    console.log(`round ${round}: ours ${rate(o)}, django-automations ${rate(t)}, ${fmt(ratio, 1)}× per CPU s; load ${load()}`);
  }
  const wall = sideBySide(mine, peer, 'seconds');
  const cpu = sideBySide(mine, peer, 'cpuSeconds');
  const p = peer[0]!;
  console.log('');
  console.log('| side (medians) | instances per CPU s | µs of CPU per instance | instances per wall-clock s |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| serverless-automations, MemoryStore (Node ${process.versions.node}) | ${fmt(cpu.ours)} | ${fmt(1e6 / cpu.ours, 1)} | ${fmt(wall.ours)} |`);
  console.log(`| django-automations ${p.version ?? '?'}, Django ${p.django}, SQLite :memory: (Python ${p.python}; ${p.queriesPerInstance} SQL statements per instance) | ${fmt(cpu.theirs, 1)} | ${fmt(1e6 / cpu.theirs, 1)} | ${fmt(wall.theirs, 1)} |`);
  console.log(`wall clock: ${fmt(wall.ratio, 1)}× (median of the per-round ratios ${fmt(wall.roundRatio, 1)}×); CPU time: median of the per-round ratios ${fmt(cpu.roundRatio, 1)}×; load average at the end ${load()}`);
  console.log(`in memory: ${fmt(cpu.ratio, 0)}× django-automations per CPU second (median of ${ROUNDS} interleaved rounds)`);
}
