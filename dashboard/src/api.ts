/** The dashboard's client of the HTTP API (same origin): the user token on every call, errors as ApiError. */
const TOKEN_KEY = 'automations.token';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value: string | null) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, options: { auth?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.auth !== false && session.token) headers.authorization = `Bearer ${session.token}`;
  const response = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `${response.status} ${response.statusText}`, error?.details);
  }
  return parsed as T;
}

// ── the API's shapes (see docs/openapi.json) ──

export type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  default?: unknown;
  items?: JsonSchema;
};

export interface Me {
  id: string;
  groups: string[];
  permissions: string[];
  superuser: boolean;
  viewer: boolean;
  expiresAt: string | null;
}

export interface TaskItem {
  instanceId: string;
  task: number;
  automation: string;
  verboseName: string;
  node: string;
  description: string | null;
  created: string;
  hoursSinceCreated: number;
  assignment: { user?: string; groups?: string[]; permissions?: string[] };
  expiresAt: string | null;
  schema: JsonSchema;
}

export interface TaskForm extends TaskItem {
  values: Record<string, unknown> | null;
  context: Record<string, unknown>;
  data: Record<string, unknown>;
}

export interface SubmitResult {
  instanceId: string;
  task: number;
  completedBy: string;
  instance: { status: string; current: string[] };
}

export interface AutomationCounts {
  name: string;
  verboseName: string;
  verboseNamePlural: string;
  counts: { running: number; waiting: number; error: number; finished: number };
  capped: boolean;
}

export interface InstanceSummary {
  id: string;
  automation: string;
  status: string;
  created: string;
  updated: string;
  finishedAt: string | null;
  dueAt: string | null;
}

export interface InstancePage {
  id: string;
  automation: string;
  verboseName: string;
  status: string;
  created: string;
  updated: string;
  finishedAt: string | null;
  dueAt: string | null;
  data: Record<string, unknown>;
  current: { path: number; node: string; task: number | null; waiting: string | null }[];
  error: { node: string; task: number; message: string; stack: string | null } | null;
  history: {
    seq: number;
    node: string;
    path: number;
    created: string;
    finished: string | null;
    message: string | null;
    completedBy: string | null;
    result: unknown;
    error: { name: string; message: string; stack: string | null } | null;
  }[];
  openTasks: { task: number; node: string; openToYou: boolean }[];
  diagram: string;
  key: string | null;
  receivers: string[];
}

export interface SignInOptions {
  mode: 'dev' | 'cognito' | 'token' | 'off';
  cognito?: { domain: string; clientId: string };
}

export interface DevUser {
  id: string;
  name: string;
  groups: string[];
  permissions: string[];
}
