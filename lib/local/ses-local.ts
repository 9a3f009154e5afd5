import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort, GUARD_SCRIPT } from './dynamodb-local.js';

/**
 * aws-ses-v2-local (npm, dev dependency) as a child of this process: a local SES v2 server the
 * SDK sends to unchanged, with a mail viewer at its root URL and the received mails as JSON at
 * GET /store. Started like DynamoDB Local: through `sh` holding a stdin pipe, so the server
 * stops when this process stops it, exits or dies (even by SIGKILL).
 */
export interface ReceivedMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
  /** Epoch seconds. */
  at: number;
}

export interface SesLocal {
  /** The SES endpoint for the SDK (AWS_ENDPOINT_URL_SESV2), which is also the mail viewer's URL. */
  endpoint: string;
  port: number;
  /** Every mail received so far, oldest first. */
  received(): Promise<ReceivedMail[]>;
  /** Forgets the received mails. */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export interface SesLocalOptions {
  /** Port to listen on; a free one when omitted. */
  port?: number;
  /** Milliseconds to wait for the server to answer (default 15 s). */
  startTimeoutMs?: number;
}

function serverScript(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('aws-ses-v2-local/package.json');
  const bin = (require(manifest) as { bin: Record<string, string> }).bin['aws-ses-v2-local'];
  if (!bin) throw new Error('aws-ses-v2-local has no aws-ses-v2-local binary');
  return join(dirname(manifest), bin);
}

async function answers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health-check`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

async function startOnce(port: number, timeoutMs: number): Promise<SesLocal> {
  const child = spawn('sh', ['-c', GUARD_SCRIPT, 'ses-local', process.execPath, serverScript(), '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();

  const stop = async () => {
    if (exited) return;
    child.stdin!.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(timer);
  };
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (!exited) {
    if (await answers(port)) {
      if (exited) break;
      return {
        endpoint,
        port,
        async received() {
          const response = await fetch(`${endpoint}/store`);
          if (!response.ok) throw new Error(`aws-ses-v2-local answered GET /store with ${response.status}`);
          return ((await response.json()) as { emails: ReceivedMail[] }).emails;
        },
        async clear() {
          const response = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`aws-ses-v2-local answered POST /clear-store with ${response.status}`);
        },
        stop,
      };
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`aws-ses-v2-local did not answer on port ${port} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw Object.assign(new Error(`aws-ses-v2-local exited while starting on port ${port}:\n${output.trim()}`), { portInUse: /EADDRINUSE/.test(output) });
}

/** Starts aws-ses-v2-local on a free loopback port and resolves once it answers. */
export async function startSesLocal(options: SesLocalOptions = {}): Promise<SesLocal> {
  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOnce(port, options.startTimeoutMs ?? 15_000);
    } catch (error) {
      if ((error as { portInUse?: boolean }).portInUse !== true || options.port !== undefined || attempt >= 4) throw error;
    }
  }
}
