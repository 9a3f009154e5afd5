import * as z from 'zod';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../lib/app/webhook-signature.js';
import { MAX_JSON_DEPTH } from '../../lib/engine/json.js';
import { AnyPathParameter, ErrorResponse, PATH_PARAMETERS, WebhookAccepted, WebhookEnvelope } from '../shared/schemas.js';
import { OPENAPI_PATH, type Route, type RouteModule } from './route.js';

type Schema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Schema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Schema;
  return rest;
}

/** A path parameter as the API checks it (schemas.ts, PATH_PARAMETERS): a value outside it gets 400 invalid_path. */
function pathParameter(name: string) {
  return { name, in: 'path', required: true, schema: schemaOf(PATH_PARAMETERS[name] ?? AnyPathParameter, 'input') };
}

function pathParameters(path: string) {
  return [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => pathParameter(m[1]!));
}

function queryParameters(route: Route) {
  if (!route.query) return [];
  const schema = schemaOf(route.query, 'input') as { properties?: Record<string, Schema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: (schema.required ?? []).includes(name), schema: s }));
}

/** Every route with path parameters may answer 400 invalid_path, documented or not in its module. */
function withPathErrors(route: Route): Route['responses'] {
  if (route.responses[400] || !/\{/.test(route.path)) return route.responses;
  return { ...route.responses, 400: { description: 'A path parameter is malformed (invalid_path)', schema: ErrorResponse } };
}

function operation(route: Route) {
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [...route.tags],
    ...(route.auth === 'user' ? { security: [{ user: [] }] } : route.auth === 'operator-or-user' ? { security: [{ bearer: [] }, { user: [] }] } : route.public ? { security: [] } : {}),
    parameters: [...pathParameters(route.path), ...queryParameters(route)],
    ...(route.body ? { requestBody: { required: false, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } } : {}),
    responses: Object.fromEntries(
      Object.entries(withPathErrors(route)).map(([status, spec]) => [
        status,
        { description: spec.description, ...(spec.schema ? { content: { 'application/json': { schema: schemaOf(spec.schema, 'output') } } } : {}) },
      ]),
    ),
  };
}

/** The webhook endpoint lives in its own function; documented here with the API. */
const webhookOperation = {
  operationId: 'deliverWebhook',
  summary: 'Deliver a message from another system, signed with the webhook secret',
  description:
    `Authenticated by \`${SIGNATURE_HEADER}: v1=<hex HMAC-SHA256(webhookSecret, "<timestamp>.<automation>.<message>.<body>")>\` ` +
    `and \`${TIMESTAMP_HEADER}: <Unix seconds>\` (a 5 minute window). Without \`instance\` or \`key\` the message is broadcast ` +
    '(or, with `create: true`, creates an instance). Answers 202 once the delivery is recorded; the receiver and the rest of the run ' +
    'happen asynchronously. A delivery repeated with the same `deliveryId` (or, without one, the same signature) is processed once.',
  tags: ['webhooks'],
  security: [],
  parameters: [
    pathParameter('automation'),
    pathParameter('message'),
    { name: TIMESTAMP_HEADER, in: 'header', required: true, schema: { type: 'string' } },
    { name: SIGNATURE_HEADER, in: 'header', required: true, schema: { type: 'string' } },
  ],
  requestBody: { required: true, content: { 'application/json': { schema: schemaOf(WebhookEnvelope, 'input') } } },
  responses: {
    202: { description: 'Accepted (or a duplicate of an accepted delivery)', content: { 'application/json': { schema: schemaOf(WebhookAccepted, 'output') } } },
    ...Object.fromEntries(
      [
        [400, `Invalid JSON or envelope, or nesting deeper than ${MAX_JSON_DEPTH} levels`],
        [401, 'Missing, wrong or expired signature'],
        [404, 'Unknown automation, receiver or instance'],
        [409, 'The same delivery is in progress, or its id was used with another payload'],
        [413, 'Body too large'],
        [422, 'The message lacks data its receiver requires'],
      ].map(([s, d]) => [s, { description: d, content: { 'application/json': { schema: schemaOf(ErrorResponse, 'output') } } }]),
    ),
  },
};

export { OPENAPI_PATH };
export const WEBHOOK_ROUTE = { method: 'POST', path: '/webhooks/{automation}/{message}' } as const;

/** The OpenAPI 3.1 document of the API built from these route modules (docs/openapi.json is this, for the core routes). */
export function openApiDocument(modules: readonly RouteModule[], version = '0.1.0') {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of modules.flatMap((m) => m.routes)) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  paths[WEBHOOK_ROUTE.path] = { post: webhookOperation };
  paths[OPENAPI_PATH] = {
    get: { operationId: 'openApi', summary: 'This document', tags: ['service'], security: [], parameters: [], responses: { 200: { description: 'The OpenAPI document' } } },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Serverless automations API',
      version,
      description:
        'Start, inspect and steer automation instances; deliver messages and webhooks. Errors are JSON: {"error": {"code", "message", "details"?}}. ' +
        `Limits on every request: JSON bodies nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep (deeper: 400 too_deep); ` +
        'bodies are at most 256 KiB (413 too_large); path parameters and cursors must match their schemas (400 invalid_path / invalid_request), ' +
        'instance ids at most 128 characters, cursors at most 512.',
    },
    servers: [{ url: 'http://localhost:3000', description: 'npm start' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The API token (`automations credentials`, or printed by npm start)' },
        user: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "A user's token: a Cognito ID token (the stack's user pool or a configured issuer), or a development token from npm start" },
      },
    },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}
