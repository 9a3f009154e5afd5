import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm start` as a user runs it (lib/local/start.ts in its own process, its own DynamoDB
 * Local with data on disk): it prints the URLs, the token and a curl that works, serves the
 * example flows, and Ctrl-C (SIGINT) stops everything and exits 0.
 */
describe('npm start', () => {
  it('prints the URLs and a working curl, serves the example flows, and stops cleanly on SIGINT', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'automations-start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'lib/local/start.ts'], {
      env: { ...process.env, PORT: '0', AUTOMATIONS_DATA_DIR: dataDir, AUTOMATIONS_QUIET: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 45_000;
      while (!output.includes('Ctrl-C stops it.')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not become ready:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const url = /API {10}(http:\/\/\S+)/.exec(output)![1]!;
      expect(output).toContain(`OpenAPI      ${url}/openapi.json`);
      const token = /API token {8}(\S+)/.exec(output)![1]!;
      const health = await fetch(`${url}/health`);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      const { automations } = (await (await fetch(`${url}/automations`, { headers: { authorization: `Bearer ${token}` } })).json()) as { automations: { name: string }[] };
      expect(automations.map((a) => a.name)).toContain('WebinarWorkflow');
      // the example approval workflows of flows/workflows.ts, loaded for tenant acme
      const { workflows } = (await (await fetch(`${url}/workflows`, { headers: { authorization: `Bearer ${token}`, 'x-tenant': 'acme' } })).json()) as { workflows: { slug: string; strategy: string; active: boolean }[] };
      expect(workflows.map((w) => [w.slug, w.strategy, w.active]).sort()).toEqual([['purchase-request', 'stages', true], ['time-off', 'single', true]]);
      // The local SES's mail viewer, as printed.
      const mailViewer = /Mail {9}(http:\/\/\S+)/.exec(output)![1]!;
      expect((await fetch(mailViewer)).status).toBe(200);
      expect(await (await fetch(`${mailViewer}store`)).json()).toMatchObject({ emails: [] });

      // The printed curl, run as printed.
      const curl = /curl -s[\s\S]*?-d '(.*)'/.exec(output)!;
      const path = /-X POST (\S+)/.exec(curl[0])![1]!;
      const started = await fetch(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: curl[1]! });
      expect(started.status).toBe(201);
      expect(JSON.parse(readFileSync(join(dataDir, 'local.json'), 'utf8'))).toMatchObject({ url, token });

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output).toContain('Stopped.');
      await expect(fetch(`${url}/health`)).rejects.toThrow();
      await expect(fetch(mailViewer)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
