import fc from 'fast-check';
import { signWebhook } from '../../lib/app/webhook-signature.js';

/**
 * Request generators for the HTTP fuzz (fuzz.test.ts): every route of docs/openapi.json (plus
 * the local stack's own /auth/dev-* and /_local/* endpoints) crossed with classes of malformed
 * input. Each class is a small arbitrary, so that fast-check can shrink a failing request to the
 * simplest one that still fails (the smallest body class, the shortest id, the right method…).
 */

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  /** 'bearer': the API token; 'user': a user JWT; 'public': none; 'webhook': a signature. */
  auth: 'bearer' | 'user' | 'public' | 'webhook';
  body: boolean;
  query: string[];
}

interface OpenApiDocument {
  security?: unknown[];
  paths: Record<string, Record<string, { operationId: string; security?: { user?: unknown }[]; parameters?: { name: string; in: string }[]; requestBody?: unknown }>>;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const security = op.security;
      const auth: Operation['auth'] =
        op.operationId === 'deliverWebhook' ? 'webhook' : security === undefined ? 'bearer' : security.length === 0 ? 'public' : security.some((s) => 'user' in s) ? 'user' : 'bearer';
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        auth,
        body: op.requestBody !== undefined,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      });
    }
  }
  return out;
}

/** The local stack's endpoints outside the API (not in the OpenAPI document). */
export const LOCAL_OPERATIONS: Operation[] = [
  { method: 'POST', path: '/auth/dev-token', operationId: 'devToken', auth: 'public', body: true, query: [] },
  { method: 'GET', path: '/auth/dev-users', operationId: 'devUsers', auth: 'public', body: false, query: [] },
  { method: 'POST', path: '/_local/events', operationId: 'localEvents', auth: 'bearer', body: true, query: [] },
  { method: 'GET', path: '/_local/executions', operationId: 'localExecutions', auth: 'bearer', body: false, query: [] },
  { method: 'GET', path: '/_local/timers', operationId: 'localTimers', auth: 'bearer', body: false, query: ['instance'] },
  { method: 'GET', path: '/_local/dead-letters', operationId: 'localDeadLetters', auth: 'bearer', body: false, query: [] },
];

/** What exists in the stack when the fuzz starts: real ids, so that some requests get past the lookups. */
export interface Fixture {
  apiToken: string;
  webhookSecret: string;
  userTokens: string[];
  instanceIds: string[];
  keys: string[];
  automations: string[];
  messages: string[];
  tasks: string[];
  /** A body that the route accepts, per operationId (mutated by the body classes). */
  goodBodies: Record<string, unknown>;
  goodQueries: Record<string, Record<string, string>>;
  /** Path parameters that go together, per operationId (an Order instance with its receiver 'paid'…). */
  goodParams: Record<string, Record<string, string>>;
}

export interface FuzzRequest {
  /** Which body/param class made it (for the report). */
  label: string;
  method: string;
  /** Already encoded: what goes on the request line. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

// ── values ───────────────────────────────────────────────────────────────────

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const ODD_STRINGS = ['', ' ', '0', '-1', '1e309', 'NaN', 'null', 'undefined', 'true', '9007199254740993', '..', '.', '\u0000', 'a\u0000b', '\ud800', '🎉', 'e\u0301', '\u202Eabc', '<script>', "'; DROP TABLE", '${x}', '%s%n'];

const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
// Built once: fast-check hands the same string out each time this class is picked.
const DEEP = {
  object5000: deepObject(5_000),
  array50000: deepArray(50_000),
  object65: deepObject(65),
  array100: deepArray(100),
};
const HUGE_OVER_ADAPTER = Buffer.alloc(10 * 1024 * 1024 + 1024, 0x61); // over API Gateway's 10 MiB
const HUGE_JSON_STRING = 'x'.repeat(300 * 1024); // over the API's body limit (256 KiB)
const BIG_DATA_STRING = 'y'.repeat(150 * 1024); // under the body limit, over the data limit (100 KiB)

/** A path parameter: [value to encode, or a raw (already encoded, possibly malformed) segment]. */
function pathParam(fixture: Fixture, name: string): fc.Arbitrary<{ raw: string } | { value: string }> {
  const valid = validValues(fixture, name);
  return fc.oneof(
    { weight: 4, arbitrary: valid.length ? fc.constantFrom(...valid).map((value) => ({ value })) : fc.constant({ value: 'x' }) },
    { weight: 1, arbitrary: fc.uuid().map((value) => ({ value })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }).filter((s) => s.length > 0).map((value) => ({ value })) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_STRINGS.filter(Boolean), ...PROTO_KEYS).map((value) => ({ value })) },
    { weight: 1, arbitrary: fc.constantFrom(3_000, 1_100, 300, 129).map((n) => ({ value: 'i'.repeat(n) })) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', 'a%2', '%C0%AF', '%ED%A0%80', '%FF').map((raw) => ({ raw })) },
  );
}

function queryValue(name: string): fc.Arbitrary<string> {
  const cursorShaped = (n: number) => Buffer.from(JSON.stringify({ after: `S#${'c'.repeat(n)}` })).toString('base64url');
  return fc.oneof(
    fc.constantFrom(...ODD_STRINGS),
    fc.string({ maxLength: 30, unit: 'binary' }),
    fc.integer().map(String),
    fc.double().map(String),
    fc.constantFrom(1_500, 3_000, 600).map((n) => 'q'.repeat(n)),
    name === 'cursor' ? fc.constantFrom(cursorShaped(1_100), cursorShaped(10), Buffer.from(JSON.stringify({ a: 0, c: cursorShaped(1_100) })).toString('base64url'), Buffer.from('{"a":-1}').toString('base64url'), Buffer.from('[]').toString('base64url')) : fc.constant('x'),
  );
}

/** JSON text with prototype keys at the top and inside data (written as text: an object literal would set the prototype instead). */
const protoBodies = fc.constantFrom(...PROTO_KEYS).map((k) => [
  `{"${k}": {"polluted": true}, "data": {"${k}": {"polluted": true}}}`,
  `{"data": {"${k}": {"prototype": {"polluted": true}}, "amount": 1}}`,
  `{"values": {"${k}": 1, "approved": true}}`,
  `{"Entries": [{"Source": "test.shop", "DetailType": "OrderPlaced", "Detail": "{\\"${k}\\": {\\"polluted\\": true}}"}], "${k}": 1}`,
]).chain((bodies) => fc.constantFrom(...bodies));

function withField(good: unknown, key: string, value: unknown): unknown {
  return good !== null && typeof good === 'object' && !Array.isArray(good) ? { ...(good as object), [key]: value } : { [key]: value };
}

/** `good` with `deep` (JSON text) placed inside its first object-valued field (data, values…), where the route takes any JSON. */
function embedDeep(good: unknown, deep: string): string {
  const marker = '"__deep__"';
  const body = good !== null && typeof good === 'object' && !Array.isArray(good) ? { ...(good as Record<string, unknown>) } : {};
  const field = Object.keys(body).find((k) => body[k] !== null && typeof body[k] === 'object' && !Array.isArray(body[k])) ?? 'data';
  body[field] = { ...((body[field] as object | undefined) ?? {}), nested: '__deep__' };
  return JSON.stringify(body).replace(marker, deep);
}

/** Body text classes; `good` is a body the route accepts. */
function bodyText(good: unknown): fc.Arbitrary<{ label: string; text: string | Buffer | undefined }> {
  const goodKeys = good !== null && typeof good === 'object' ? Object.keys(good as object) : [];
  const key = goodKeys.length ? fc.constantFrom(...goodKeys, 'data', 'extra') : fc.constantFrom('data', 'extra');
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant({ label: 'good', text: JSON.stringify(good ?? {}) }) },
    { weight: 1, arbitrary: fc.constant({ label: 'none', text: undefined }) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '{"data":', 'nul', '[', '"', '{"data":{}}garbage', '\u0000', '\uFEFF{}', '{"a":1,}', "{'a':1}", '1e999999').map((text) => ({ label: 'bad-json', text })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }).map((text) => ({ label: 'bad-json', text })) },
    { weight: 2, arbitrary: fc.tuple(key, fc.jsonValue({ maxDepth: 3 })).map(([k, v]) => ({ label: 'wrong-type', text: JSON.stringify(withField(good, k, v)) })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ label: 'wrong-type', text: JSON.stringify(v) })) },
    { weight: 1, arbitrary: fc.constantFrom(DEEP.object5000, DEEP.array50000, DEEP.object65, DEEP.array100).map((d) => ({ label: 'deep', text: d })) },
    { weight: 4, arbitrary: fc.constantFrom(DEEP.object5000, DEEP.array50000, DEEP.object65, DEEP.array100).map((d) => ({ label: 'deep', text: embedDeep(good, d) })) },
    { weight: 1, arbitrary: fc.constantFrom({ label: 'huge', text: HUGE_OVER_ADAPTER }, { label: 'huge', text: JSON.stringify({ data: { s: HUGE_JSON_STRING } }) }, { label: 'huge', text: JSON.stringify(withField(good, 'data', { amount: 3, s: BIG_DATA_STRING })) }) },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.string({ maxLength: 12, unit: 'binary' }), fc.constantFrom(...ODD_STRINGS)).map(([k, v]) => ({
        label: 'unicode',
        text: JSON.stringify(withField(good, 'data', { [k]: v, [`\u0000${k}`]: `${v}\u0000`, amount: 4 })).replace('"amount"', '"\\ud800amount\\udfff"'),
      })),
    },
    { weight: 2, arbitrary: protoBodies.map((text) => ({ label: 'proto', text })) },
  );
}

const CONTENT_TYPES = ['application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'x/y', ''];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD, as a browser would send them). */
function encodeSegment(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** Which part of a request is malformed; the others are as the route expects them ('mixed': all drawn at once). */
type Aspect = 'body' | 'param' | 'query' | 'method' | 'content-type' | 'host' | 'auth' | 'mixed';

/**
 * One request to `op`. Each request malforms one aspect (mostly) and keeps the others right, so
 * that a bad body meets a real instance, receiver and token instead of failing at the first
 * lookup; 'mixed' draws every aspect at once.
 */
export function requestTo(op: Operation, fixture: Fixture): fc.Arbitrary<FuzzRequest> {
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const goodParams = names.map((n) => ({ value: fixture.goodParams[op.operationId]?.[n] ?? validValues(fixture, n)[0] ?? 'x' }) as { raw: string } | { value: string });
  const goodQuery = fixture.goodQueries[op.operationId] ?? {};
  const goodBody = op.body ? { label: 'good', text: JSON.stringify(fixture.goodBodies[op.operationId] ?? {}) as string | Buffer | undefined } : { label: 'none', text: undefined as string | Buffer | undefined };
  const queryKeys = [...op.query, 'extra', '__proto__'];

  const bad = {
    params: names.length
      ? fc.integer({ min: 0, max: names.length - 1 }).chain((i) => pathParam(fixture, names[i]!).map((p) => goodParams.map((g, j) => (j === i ? p : g))))
      : fc.constant(goodParams),
    query: fc.dictionary(fc.constantFrom(...queryKeys), fc.oneof(...queryKeys.map((k) => queryValue(k))), { minKeys: 1, maxKeys: 3 }).map((q) => ({ ...goodQuery, ...q })),
    method: fc.constantFrom(...METHODS.filter((m) => m !== op.method)),
    contentType: fc.constantFrom(...CONTENT_TYPES),
    body: op.body ? bodyText(fixture.goodBodies[op.operationId] ?? {}) : bodyText({}),
    host: fc.constantFrom('', 'evil.example', 'a b', '[::1', 'localhost:99999', '::::', '%'),
    auth: fc.constantFrom(undefined, 'Bearer', 'Bearer x.y.z', 'Basic YTpi', `Bearer ${'t'.repeat(5000)}`, `bearer ${fixture.apiToken}`, `Bearer ${fixture.userTokens[0]}`),
  };
  const rightAuth = op.auth === 'user' ? `Bearer ${fixture.userTokens[0]}` : `Bearer ${fixture.apiToken}`;
  const aspects: Aspect[] = [
    ...(Array(op.body ? 5 : 1).fill('body') as Aspect[]),
    ...(Array(names.length ? 3 : 0).fill('param') as Aspect[]),
    ...(Array(op.query.length ? 2 : 1).fill('query') as Aspect[]),
    'method', 'content-type', 'host', 'auth', 'mixed', 'mixed',
  ];
  return fc.constantFrom(...aspects).chain((aspect) => {
    const pick = <T>(which: Aspect, malformed: fc.Arbitrary<T>, good: T, sometimes: fc.Arbitrary<T>) =>
      aspect === which ? malformed : aspect === 'mixed' ? fc.oneof({ weight: 3, arbitrary: fc.constant(good) }, { weight: 1, arbitrary: sometimes }) : fc.constant(good);
    return fc
      .record({
        params: pick('param', bad.params, goodParams, bad.params),
        query: pick('query', bad.query, goodQuery, bad.query),
        method: pick('method', bad.method, op.method, bad.method),
        contentType: pick('content-type', bad.contentType, 'application/json', bad.contentType),
        body: aspect === 'body' || aspect === 'mixed' ? bad.body : fc.constant(goodBody),
        host: pick<string | undefined>('host', bad.host, undefined, bad.host),
        auth: pick<string | undefined>('auth', bad.auth, rightAuth, bad.auth),
      })
      .map((r) => build(op, fixture, aspect, r));
  });
}

function validValues(fixture: Fixture, name: string): string[] {
  return name === 'id' || name === 'instanceId' ? fixture.instanceIds
    : name === 'automation' ? fixture.automations
    : name === 'message' ? fixture.messages
    : name === 'key' ? fixture.keys
    : name === 'task' ? fixture.tasks
    : name === 'file' ? ['app.js', 'index.html', 'style.css']
    : [];
}

interface Drawn {
  params: ({ raw: string } | { value: string })[];
  query: Record<string, string>;
  method: string;
  contentType: string;
  body: { label: string; text: string | Buffer | undefined };
  host: string | undefined;
  auth: string | undefined;
}

function build(op: Operation, fixture: Fixture, aspect: Aspect, r: Drawn): FuzzRequest {
  let i = 0;
  const decoded: string[] = [];
  const path = op.path.replace(/\{([^}]+)\}/g, () => {
    const p = r.params[i++]!;
    if ('raw' in p) {
      decoded.push(p.raw);
      return p.raw;
    }
    decoded.push(p.value);
    return encodeSegment(p.value);
  });
  const search = new URLSearchParams(r.query).toString();
  const headers: Record<string, string> = {};
  const text = r.body.text;
  if (r.contentType && text !== undefined) headers['content-type'] = r.contentType;
  if (r.host !== undefined) headers.host = r.host;
  if (op.auth === 'webhook') {
    // Signed as a sender would (over the decoded route and the exact body), unless the aspect is the authentication.
    if (aspect !== 'auth') Object.assign(headers, signWebhook({ secret: fixture.webhookSecret, automation: decoded[0] ?? '', message: decoded[1] ?? '', body: typeof text === 'string' ? text : (text?.toString('utf8') ?? '') }));
  } else if (r.auth !== undefined) {
    headers.authorization = r.auth;
  }
  return {
    label: `${op.operationId}:${aspect}:${r.body.label}${r.params.some((p) => 'raw' in p) ? '+bad-escape' : ''}`,
    method: r.method,
    path: `${path}${search ? `?${search}` : ''}`,
    headers,
    ...(text === undefined ? {} : { body: typeof text === 'string' ? Buffer.from(text, 'utf8') : text }),
  };
}

export function anyRequest(operations: readonly Operation[], fixture: Fixture): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...operations).chain((op) => requestTo(op, fixture));
}
