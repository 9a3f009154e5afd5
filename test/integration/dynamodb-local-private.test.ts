import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDBClient } from '../../lib/aws/dynamo-client.js';
import { createTable } from '../../lib/aws/table-schema.js';
import { startDynamoDBLocal, type DynamoDBLocal } from '../../lib/local/dynamodb-local.js';

/** DynamoDB Local, as npm start runs it, is reachable from this machine only and keeps its files to this user. */
let server: DynamoDBLocal;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ddb-private-'));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'from-before.db'), 'x', { mode: 0o644 }); // a data file left by an older version
  chmodSync(join(dir, 'from-before.db'), 0o644);
  server = await startDynamoDBLocal({ dbPath: dir, jvmOptions: ['-XX:+UseSerialGC'] });
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The local addresses of the sockets listening on `port`, from /proc/net/tcp{,6} (hex, as the kernel writes them). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6']
    .filter((file) => existsSync(file))
    .flatMap((file) => readFileSync(file, 'utf8').split('\n').slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A')
    .map((cols) => cols[1]!.split(':')[0]!);
}

const IPV4_LOOPBACK = '0100007F'; // 127.0.0.1
const IPV4_MAPPED_LOOPBACK = '0000000000000000FFFF00000100007F'; // ::ffff:127.0.0.1

describe('DynamoDB Local is private', () => {
  it('listens on the loopback address only', async () => {
    expect(server.loopbackOnly).toBe(true);
    if (existsSync('/proc/net/tcp')) {
      const addresses = listeningAddresses(server.port);
      expect(addresses.length).toBeGreaterThan(0);
      for (const address of addresses) expect([IPV4_LOOPBACK, IPV4_MAPPED_LOOPBACK]).toContain(address);
    }
    // From another address of this machine (when it has one), nothing answers on the port.
    const other = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4');
    if (other) {
      const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        const socket = connect(server.port, other.address);
        socket.once('connect', () => {
          socket.destroy();
          resolve(undefined);
        });
        socket.once('error', resolve);
      });
      expect(error?.code).toBe('ECONNREFUSED');
    }
  });

  it('keeps its folder 0700 and its files 0600, including files from before', async () => {
    const client = createDynamoDBClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      await createTable(client, 'private-check');
    } finally {
      client.destroy();
    }
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toContain('shared-local-instance.db');
    for (const file of files) expect({ file, mode: statSync(join(dir, file)).mode & 0o777 }).toEqual({ file, mode: 0o600 });
  });
});
