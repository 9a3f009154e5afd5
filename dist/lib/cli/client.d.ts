export declare class ApiError extends Error {
    readonly status: number;
    readonly code: string;
    readonly details?: unknown | undefined;
    constructor(status: number, code: string, message: string, details?: unknown | undefined);
}
export interface Connection {
    url: string;
    token: string;
    webhookSecret?: string;
}
/**
 * Where the CLI talks to: --url/--token, else AUTOMATIONS_URL/AUTOMATIONS_TOKEN (a deployed
 * API: the stack's ApiUrl output and `automations credentials`), else the local stack's
 * <data dir>/local.json written by `npm start`.
 */
export declare function resolveConnection(flags: {
    url?: string;
    token?: string;
    webhookSecret?: string;
}, env?: NodeJS.ProcessEnv): Connection;
/** A small client of the HTTP API: JSON in, JSON out, errors as ApiError with the API's code. */
export declare class ApiClient {
    readonly connection: Connection;
    private readonly fetchImpl;
    constructor(connection: Connection, fetchImpl?: typeof fetch);
    request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}
