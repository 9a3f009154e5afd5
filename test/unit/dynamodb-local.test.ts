import { describe, expect, it } from 'vitest';
import { createDynamoDBClient, isLocalEndpoint, retryEmulatorGlitches } from '../../lib/aws/dynamo-client.js';
import { itemSize, shardOf } from '../../lib/aws/dynamo-store.js';
import { checkJava, freePort, JavaMissingError } from '../../lib/local/dynamodb-local.js';

describe('DynamoDB Local helpers', () => {
  it('says in one line what to do when java cannot be run', () => {
    let error: unknown;
    try {
      checkJava('/nonexistent/bin/java');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JavaMissingError);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).toMatch(/Java 17.*install/);
  });

  it('finds a free port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
  });

  it('recognises loopback endpoints', () => {
    expect(isLocalEndpoint('http://127.0.0.1:8000')).toBe(true);
    expect(isLocalEndpoint('http://localhost:8000')).toBe(true);
    expect(isLocalEndpoint('https://dynamodb.us-east-1.amazonaws.com')).toBe(false);
    expect(isLocalEndpoint(undefined)).toBe(false);
  });

  it('measures items by DynamoDB rules and spreads ids over shards', () => {
    expect(itemSize({ pk: 'abc', n: 12345, b: Buffer.alloc(10), nul: null })).toBe(2 + 3 + 1 + 4 + 1 + 10 + 3 + 1);
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8_000; i++) counts[shardOf(`id-${i}`, 8)]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(800);
  });
});

describe('retryEmulatorGlitches', () => {
  const glitch = () => Object.assign(new Error('Invalid KeyConditionExpression: Index 20 out of bounds for length 0'), { name: 'ValidationException' });

  it('sends a request again when DynamoDB Local fails a valid expression with its parser race', async () => {
    let calls = 0;
    const handler = retryEmulatorGlitches(async (args: { n: number }) => {
      calls++;
      if (calls < 3) throw glitch();
      return { ok: args.n };
    });
    await expect(handler({ n: 7 })).resolves.toEqual({ ok: 7 });
    expect(calls).toBe(3);
  });

  it('gives up after four attempts and never retries other errors', async () => {
    let calls = 0;
    const always = retryEmulatorGlitches(async () => {
      calls++;
      throw glitch();
    });
    await expect(always({})).rejects.toThrow('out of bounds');
    expect(calls).toBe(4);
    calls = 0;
    const real = retryEmulatorGlitches(async () => {
      calls++;
      throw Object.assign(new Error('Invalid KeyConditionExpression: Syntax error; token: "AND"'), { name: 'ValidationException' });
    });
    await expect(real({})).rejects.toThrow('Syntax error');
    expect(calls).toBe(1);
  });

  it('is installed only on clients of a local endpoint', async () => {
    const names = (endpoint: string) => createDynamoDBClient({ endpoint, region: 'us-east-1' }).middlewareStack.identify().join(' ');
    expect(names('http://127.0.0.1:8000')).toContain('retryEmulatorGlitches');
    expect(names('https://dynamodb.eu-west-1.amazonaws.com')).not.toContain('retryEmulatorGlitches');
  });
});
