/**
 * `npm start`: the whole stack on this machine (see lib/local/stack.ts). Prints the URLs, the
 * credentials and a ready curl; Ctrl-C stops everything (DynamoDB Local included).
 *
 * Environment: PORT (3000), AUTOMATIONS_FLOWS (a module exporting `automations`; default
 * flows/index.ts), AUTOMATIONS_DATA_DIR (.data), TICK_SECONDS (60), LEASE_SECONDS (300: how long an
 * instance whose runner died stays taken), DELIVERY_GRACE_SECONDS (5: when the tick takes over a
 * delivery that is still pending), AUTOMATIONS_QUIET=1, AUTOMATIONS_LOCAL_MAIL=0 (no local SES).
 */
import './env-defaults.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ActionDefinition } from '../engine/actions/registry.js';
import type { AutomationClass } from '../engine/definition.js';
import type { DeclaredProcesses } from '../app/runtime.js';
import type { ServicesFactory } from '../app/services.js';
import { exampleData } from './examples.js';

interface FlowsModule {
  automations?: readonly AutomationClass[];
  actions?: readonly ActionDefinition<unknown>[];
  processes?: DeclaredProcesses;
  services?: ServicesFactory;
}

/** The flows module: `automations` (required), and optionally the `actions` and `processes` of processes. */
async function loadFlows(): Promise<FlowsModule & { automations: readonly AutomationClass[] }> {
  const module = process.env.AUTOMATIONS_FLOWS;
  const loaded = module ? ((await import(pathToFileURL(resolve(module)).href)) as FlowsModule) : ((await import('../../flows/index.js')) as FlowsModule);
  if (!Array.isArray(loaded.automations)) throw new Error(`${module ?? 'flows/index.ts'} does not export an array named automations`);
  return loaded as FlowsModule & { automations: readonly AutomationClass[] };
}

async function main(): Promise<void> {
  const started = Date.now();
  const quiet = process.env.AUTOMATIONS_QUIET === '1';
  const flows = await loadFlows();
  const automations = flows.automations;
  const { startLocalStack } = await import('./stack.js');
  const dataDir = process.env.AUTOMATIONS_DATA_DIR ?? '.data';
  const tickSeconds = process.env.TICK_SECONDS ? Number(process.env.TICK_SECONDS) : undefined;
  const seconds = (name: string) => (process.env[name] ? Number(process.env[name]) * 1000 : undefined);
  const leaseMs = seconds('LEASE_SECONDS');
  const deliveryGraceMs = seconds('DELIVERY_GRACE_SECONDS');
  // The dashboard's sign-in: development users with tokens signed by a local key (unless ATM_JWT_ISSUER names a real issuer).
  const { enableDevSignIn } = await import('../identity/dev.js');
  const devUsers = await enableDevSignIn(resolve(dataDir));
  const { API_ROUTE_MODULES } = await import('../../lambdas/api/modules.js');
  const { devAuthRoutes } = await import('../../lambdas/api/dev-auth-routes.js');
  const stack = await startLocalStack({
    automations,
    ...(flows.actions ? { actions: flows.actions } : {}),
    ...(flows.processes ? { processes: flows.processes } : {}),
    ...(flows.services ? { services: flows.services } : {}),
    dataDir,
    mail: process.env.AUTOMATIONS_LOCAL_MAIL !== '0',
    routeModules: devUsers ? [...API_ROUTE_MODULES, devAuthRoutes] : API_ROUTE_MODULES,
    ...(tickSeconds ? { tickIntervalMs: tickSeconds * 1000 } : {}),
    settings: { ...(leaseMs ? { leaseMs } : {}), ...(deliveryGraceMs ? { deliveryGraceMs } : {}) },
    log: quiet ? () => undefined : (line) => console.log(`  ${new Date().toISOString().slice(11, 23)} ${line}`),
  });
  // The CLI finds the local stack through this file when AUTOMATIONS_URL is not set.
  mkdirSync(resolve(dataDir), { recursive: true, mode: 0o700 });
  writeFileSync(join(resolve(dataDir), 'local.json'), JSON.stringify({ url: stack.url, token: stack.apiToken, webhookSecret: stack.webhookSecret }, null, 2), { mode: 0o600 });

  // The example approval workflows (flows/workflows.ts): saved as a new version only when they changed.
  const { workflows: exampleWorkflows } = await import('../../flows/workflows.js');
  const upserted: string[] = [];
  for (const doc of exampleWorkflows) {
    try {
      const { version, saved } = await stack.runtime.workflows!.service.upsert(doc);
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
    `  Dashboard    ${stack.url}/   (${devUsers ? `sign in as ${devUsers.map((u) => u.id).join(', ')}` : `users of ${process.env.ATM_JWT_ISSUER}`})`,
    `  API          ${stack.url}`,
    `  OpenAPI      ${stack.url}/openapi.json`,
    `  Health       ${stack.url}/health`,
    `  Webhooks     POST ${stack.url}/webhooks/{automation}/{message}`,
    `  Events       POST ${stack.url}/_local/events   (EventBridge PutEvents entries)`,
    `  DynamoDB     ${stack.dynamodbEndpoint}  (table ${stack.tableName}, data in ${dataDir}/)`,
    ...(stack.mail ? [`  Mail         ${stack.mail.viewerUrl}   (sent mail, by the local SES at ${stack.mail.endpoint}; JSON at /store)`] : []),
    '',
    `  API token        ${stack.apiToken}`,
    `  Webhook secret   ${stack.webhookSecret}`,
    `  Automations      ${automations.map((a) => a.meta?.name ?? a.name).join(', ')}`,
    `  Processes        ${stack.declaredProcesses.map((p) => `${p.name}${p.saved === 'invalid' ? ' (invalid: not saved)' : ''}`).join(', ') || '(none declared in code)'}`,
    '',
  ];
  const example = stack.declaredProcesses.find((p) => p.saved !== 'invalid');
  if (example) {
    const { schedule } = await stack.runtime.processes.get(example.name);
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
      `Approval workflows (tenant acme): ${upserted.join(', ')}. Attach one as the operator:`,
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
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stack.stop().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
