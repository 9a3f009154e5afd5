/**
 * npm run bench:workflows: approval decisions per second and DynamoDB units per decision, on
 * DynamoDB Local (started here unless AUTOMATIONS_DYNAMODB_ENDPOINT / AWS_ENDPOINT_URL is set),
 * for the purchase-request workflow of flows/workflows.ts (6 decisions to complete; see
 * bench/workflow-decisions.ts). Decisions are taken one after another by one client, so the
 * rate is the latency-bound rate of one writer on DynamoDB Local, not a throughput ceiling.
 * Transactional writes at DynamoDB's 2 WRU per KB (RAW=1: as DynamoDB Local reports them).
 *
 * Options: ATTACHMENTS=30.
 */
import { withDynamoDB } from './dynamodb.js';
import { formatOperations, measureDecisions, TRANSACTION_FACTOR } from './workflow-decisions.js';

const ATTACHMENTS = Number(process.env.ATTACHMENTS ?? 30);
const WRU = 0.625;
const RRU = 0.125;

await withDynamoDB(async (client) => {
  for (const notifications of [true, false]) await report(await measureDecisions(client, ATTACHMENTS, { notifications }), notifications);
});

async function report(f: Awaited<ReturnType<typeof measureDecisions>>, notifications: boolean): Promise<void> {
  const d = f.decisions;
  console.log(`\n== ${notifications ? 'with the built-in notifications (the email action: actionRequired, approved mails)' : 'without notifications (no email action)'}`);
  console.log(`purchase-request on DynamoDB Local: ${f.attachments} attachments, ${f.completed} completed, ${d} decisions (${(d / f.attachments).toFixed(1)} per attachment)`);
  console.log(`  transactional writes ${TRANSACTION_FACTOR === 1 ? 'as DynamoDB Local reports them' : "at DynamoDB's 2 WRU per KB (Local reports 4)"}\n`);
  console.log(`decisions per second (sequential, one client): ${((d * 1000) / f.decideMs).toFixed(0)}  (mean ${(f.decideMs / d).toFixed(1)} ms per decide)`);
  console.log(`per decision, the request:          ${(f.decide.write / d).toFixed(1)} WRU, ${(f.decide.read / d).toFixed(1)} RRU, ${(f.decide.requests / d).toFixed(1)} requests`);
  console.log(`  by operation: ${formatOperations(f.decide, d)}`);
  console.log(`per decision, background (outbox):  ${(f.background.write / d).toFixed(1)} WRU, ${(f.background.read / d).toFixed(1)} RRU, ${(f.background.requests / d).toFixed(1)} requests`);
  console.log(`  by operation: ${formatOperations(f.background, d)}`);
  const write = (f.decide.write + f.background.write) / d;
  const read = (f.decide.read + f.background.read) / d;
  console.log(`per decision, all:                  ${write.toFixed(1)} WRU, ${read.toFixed(1)} RRU -> $${(write * WRU + read * RRU).toFixed(2)} per million decisions`);
  console.log(`per attach:                         ${(f.attach.write / f.attachments).toFixed(1)} WRU, ${(f.attach.read / f.attachments).toFixed(1)} RRU, ${(f.attach.requests / f.attachments).toFixed(1)} requests`);
  const perAttachment = (f.attach.write + f.decide.write + f.background.write) / f.attachments;
  console.log(`per completed purchase request:     ${perAttachment.toFixed(1)} WRU in all (attach, ${(d / f.attachments).toFixed(0)} decisions${notifications ? ', notifications' : ''})`);
  const l = f.lists;
  const line = (u: typeof l.all) => `${u.read.toFixed(1)} RRU, ${u.requests} requests`;
  console.log(`\nreads of the listing routes, ${l.open} of ${l.total} attachments in progress (the status index: only the asked status is read):`);
  console.log(`  GET /attachments?status=inProgress  ${line(l.inProgress)}  (${(l.inProgress.read / l.open).toFixed(1)} RRU per listed attachment)`);
  console.log(`  GET /attachments (every status)     ${line(l.all)}  (${(l.all.read / l.total).toFixed(1)} RRU per listed attachment)`);
  console.log(`  GET /workflows-stats                ${line(l.statistics)}  (index entries; attachments read: only the ${l.open} in progress, for their error flag)`);
  console.log(`  GET /workflows-cleanup (stats)      ${line(l.cleanupStats)}  (index entries only)`);
  console.log(`  cleanup --days 0 --dry-run          ${line(l.cleanupDryRun)}  (finished entries, then the ${f.completed} finished attachments)`);
}
