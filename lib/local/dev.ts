/**
 * The local stack serving a team's flows: `automations dev` in their project, `npm start` here
 * (lib/local/start.ts, with the example flows and workflows). Prints the URLs, the credentials
 * and a ready curl; Ctrl-C stops everything (DynamoDB Local included).
 *
 * Environment: PORT (3000), AUTOMATIONS_FLOWS (the flows module, when --flows is not given;
 * default src/flows/index.ts, else flows/index.ts), AUTOMATIONS_DATA_DIR (.data), TICK_SECONDS (60),
 * LEASE_SECONDS (300: how long an instance whose runner died stays taken), DELIVERY_GRACE_SECONDS
 * (5: when the tick takes over a delivery that is still pending), AUTOMATIONS_QUIET=1,
 * AUTOMATIONS_LOCAL_MAIL=0 (no local SES).
 */
import './env-defaults.js';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { WorkflowDocument } from '../engine/workflows/types.js';
import { exampleData } from './examples.js';
import { loadFlows } from './load-flows.js';

export interface DevOptions {
  /** The flows module (default: AUTOMATIONS_FLOWS, else src/flows/index.ts, else flows/index.ts). */
  flows?: string;
  port?: number;
  dataDir?: string;
  /** Approval workflows to save at start-up (when they changed). */
  workflows?: readonly WorkflowDocument[];
}

const DEFAULT_FLOWS = ['src/flows/index.ts', 'flows/index.ts'];

/** The local SES (aws-ses-v2-local) is a development dependency: in a team's project it runs when they install it. */
function localMailInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('aws-ses-v2-local/package.json');
    return true;
  } catch {
    return false;
  }
}

/** Runs the local stack until SIGINT or SIGTERM; resolves with the exit code once it has stopped. */
export async function runDev(options: DevOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = Date.now();
  const quiet = env.AUTOMATIONS_QUIET === '1';
  const dataDir = options.dataDir ?? env.AUTOMATIONS_DATA_DIR ?? '.data';
  const flowsFile = options.flows ?? env.AUTOMATIONS_FLOWS ?? DEFAULT_FLOWS.find((f) => existsSync(f));
  if (!flowsFile) throw new Error(`No flows module: pass --flows <file> (or AUTOMATIONS_FLOWS); looked for ${DEFAULT_FLOWS.join(', ')}`);
  const flows = await loadFlows(flowsFile, join(dataDir, 'flows'));
  const automations = flows.automations;
  const { startLocalStack } = await import('./stack.js');
  const tickSeconds = env.TICK_SECONDS ? Number(env.TICK_SECONDS) : undefined;
  const seconds = (name: string) => (env[name] ? Number(env[name]) * 1000 : undefined);
  const leaseMs = seconds('LEASE_SECONDS');
  const deliveryGraceMs = seconds('DELIVERY_GRACE_SECONDS');
  // The dashboard's sign-in: development users with tokens signed by a local key (unless ATM_JWT_ISSUER names a real issuer).
  const { enableDevSignIn } = await import('../identity/dev.js');
  const devUsers = await enableDevSignIn(resolve(dataDir));
  const { API_ROUTE_MODULES } = await import('../../lambdas/api/modules.js');
  const { devAuthRoutes } = await import('../../lambdas/api/dev-auth-routes.js');
  const stack = await startLocalStack({
    automations,
    flowsFile: resolve(flowsFile),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(flows.actions ? { actions: flows.actions } : {}),
    ...(flows.processes ? { processes: flows.processes } : {}),
    ...(flows.services ? { services: flows.services } : {}),
    dataDir,
    mail: env.AUTOMATIONS_LOCAL_MAIL !== '0' && localMailInstalled(),
    routeModules: devUsers ? [...API_ROUTE_MODULES, devAuthRoutes] : API_ROUTE_MODULES,
    ...(tickSeconds ? { tickIntervalMs: tickSeconds * 1000 } : {}),
    settings: { ...(leaseMs ? { leaseMs } : {}), ...(deliveryGraceMs ? { deliveryGraceMs } : {}) },
    log: quiet ? () => undefined : (line) => console.log(`  ${new Date().toISOString().slice(11, 23)} ${line}`),
  });
  // The CLI finds the local stack through this file when AUTOMATIONS_URL is not set.
  mkdirSync(resolve(dataDir), { recursive: true, mode: 0o700 });
  writeFileSync(join(resolve(dataDir), 'local.json'), JSON.stringify({ url: stack.url, token: stack.apiToken, webhookSecret: stack.webhookSecret }, null, 2), { mode: 0o600 });

  // Approval workflows kept in code (npm start: the examples of flows/workflows.ts): saved as a new version only when they changed.
  const upserted: string[] = [];
  for (const doc of options.workflows ?? []) {
    try {
      const { version, saved } = await (await stack.runtime.workflows!()).service.upsert(doc);
      upserted.push(`${doc.slug} v${version.version}${saved ? ' (saved)' : ''}`);
    } catch (error) {
      console.error(`✗ example workflow ${doc.slug}: ${(error as Error).message}`);
    }
  }

  const first = automations[0];
  const name = first ? (first.meta?.name ?? first.name) : undefined;
  const lines = [
    '',
    `Serverless automations, running locally (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    '',
    `  Dashboard    ${stack.url}/   (${devUsers ? `sign in as ${devUsers.map((u) => u.id).join(', ')}` : `users of ${env.ATM_JWT_ISSUER}`})`,
    `  API          ${stack.url}`,
    `  OpenAPI      ${stack.url}/openapi.json`,
    `  Health       ${stack.url}/health`,
    `  Webhooks     POST ${stack.url}/webhooks/{automation}/{message}`,
    `  Events       POST ${stack.url}/_local/events   (EventBridge PutEvents entries)`,
    `  DynamoDB     ${stack.dynamodbEndpoint}  (table ${stack.tableName}, data in ${dataDir}/)`,
    ...(stack.mail ? [`  Mail         ${stack.mail.viewerUrl}   (sent mail, by the local SES at ${stack.mail.endpoint}; JSON at /store)`] : []),
    ...(!stack.mail && env.AUTOMATIONS_LOCAL_MAIL !== '0' ? ['  Mail         none: npm install -D aws-ses-v2-local to see sent mail locally'] : []),
    '',
    `  API token        ${stack.apiToken}`,
    `  Webhook secret   ${stack.webhookSecret}`,
    `  Automations      ${automations.map((a) => a.meta?.name ?? a.name).join(', ')}`,
    `  Processes        ${stack.declaredProcesses.map((p) => `${p.name}${p.saved === 'invalid' ? ' (invalid: not saved)' : ''}`).join(', ') || '(none declared in code)'}`,
    '',
  ];
  const example = stack.declaredProcesses.find((p) => p.saved !== 'invalid');
  if (example) {
    const { schedule } = await (await stack.runtime.processes()).service.get(example.name);
    lines.push(
      `Processes: ${example.name} runs ${schedule ? schedule.replace(/^E/, 'e') : 'on demand'} — watch its jobs at ${stack.url}/#/processes/${example.name}`,
      `(sign in as admin), or: npx automations jobs list --process ${example.name}. Run it now:`,
      '',
      `  curl -s -X POST ${stack.url}/processes/${example.name}/jobs -H 'authorization: Bearer ${stack.apiToken}'`,
      '',
    );
  }
  if (name && first) {
    lines.push(
      `Start a ${name}:`,
      '',
      `  curl -s -X POST ${stack.url}/automations/${name}/instances \\`,
      `    -H 'authorization: Bearer ${stack.apiToken}' -H 'content-type: application/json' \\`,
      `    -d '${JSON.stringify({ data: exampleData(first) })}'`,
      '',
      `then GET ${stack.url}/instances/<id> (same header), or: npx automations status <id>`,
      '',
    );
  }
  if (upserted.length) {
    lines.push(
      `Approval workflows: ${upserted.join(', ')}. Attach one as the operator:`,
      '',
      `  curl -s -X POST ${stack.url}/workflows/purchase-request/attachments \\`,
      `    -H 'authorization: Bearer ${stack.apiToken}' -H 'x-tenant: acme' -H 'content-type: application/json' \\`,
      `    -d '{"object":{"type":"PurchaseRequest","id":"PR-1042"},"metadata":{"amount":1250}}'`,
      '',
      `  or: npx automations workflows attach purchase-request --type PurchaseRequest --id PR-1042 --tenant acme --metadata '{"amount":1250}'`,
      '',
      'then decide as the reviewer it waits for (fatima or farid: a checkIn step, the first approve checks in):',
      '',
      '  npx automations attachments show <id> --tenant acme',
      '  npx automations decide <id> approve --user fatima',
      '',
    );
  }
  if (Number(process.versions.node.split('.')[0]) < 22) lines.push(`Note: Node ${process.version} is below the supported Node 22 (package.json engines): it runs, but the AWS SDK warns that its releases from January 2027 need Node 22, and the deployed functions run Node 24.`, '');
  lines.push('Ctrl-C stops it.', '');
  console.log(lines.join('\n'));

  let stopping = false;
  let stopped!: (code: number) => void;
  const done = new Promise<number>((resolveDone) => (stopped = resolveDone));
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stack.stop().then(
      () => {
        console.log('Stopped.');
        stopped(0);
      },
      (error: unknown) => {
        console.error(error);
        stopped(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return done;
}

