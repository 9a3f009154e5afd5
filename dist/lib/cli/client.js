import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
export class ApiError extends Error {
    status;
    code;
    details;
    constructor(status, code, message, details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
        this.name = 'ApiError';
    }
}
/**
 * Where the CLI talks to: --url/--token, else AUTOMATIONS_URL/AUTOMATIONS_TOKEN (a deployed
 * API: the stack's ApiUrl output and `automations credentials`), else the local stack's
 * <data dir>/local.json written by `npm start`.
 */
export function resolveConnection(flags, env = process.env) {
    const localFile = join(resolve(env.AUTOMATIONS_DATA_DIR ?? '.data'), 'local.json');
    const local = existsSync(localFile) ? JSON.parse(readFileSync(localFile, 'utf8')) : {};
    const url = flags.url ?? env.AUTOMATIONS_URL ?? local.url;
    const token = flags.token ?? env.AUTOMATIONS_TOKEN ?? local.token;
    if (!url)
        throw new Error('No API: pass --url, set AUTOMATIONS_URL, or run `npm start` in this folder');
    if (!token)
        throw new Error('No API token: pass --token or set AUTOMATIONS_TOKEN (`automations credentials` prints it for a deployed stack)');
    const webhookSecret = flags.webhookSecret ?? env.AUTOMATIONS_WEBHOOK_SECRET ?? local.webhookSecret;
    return { url: url.replace(/\/+$/, ''), token, ...(webhookSecret ? { webhookSecret } : {}) };
}
/** A small client of the HTTP API: JSON in, JSON out, errors as ApiError with the API's code. */
export class ApiClient {
    connection;
    fetchImpl;
    constructor(connection, fetchImpl = fetch) {
        this.connection = connection;
        this.fetchImpl = fetchImpl;
    }
    async request(method, path, body, headers = {}) {
        const response = await this.fetchImpl(`${this.connection.url}${path}`, {
            method,
            headers: {
                authorization: `Bearer ${this.connection.token}`,
                ...(body === undefined ? {} : { 'content-type': 'application/json' }),
                ...headers,
            },
            ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        });
        const text = await response.text();
        const parsed = text ? JSON.parse(text) : null;
        if (!response.ok) {
            const error = parsed ?? {};
            throw new ApiError(response.status, error.error?.code ?? String(response.status), error.error?.message ?? error.message ?? response.statusText, error.error?.details);
        }
        return parsed;
    }
}
