import type { Json } from '../json.js';
import type { DurationText } from '../processes/types.js';
import { type ActionDefinition } from './registry.js';
export interface HttpActionConfig {
    /** Hosts a request may go to: exact names (`api.example.com`, `10.0.0.5`) or `*.example.com` (any subdomain, not the domain itself). */
    allowedHosts: readonly string[];
    /** Plain `http://` to a loopback host (localhost, 127.x.x.x, ::1), for the local stack and tests. Default false. */
    allowLoopbackHttp?: boolean;
    /** Used when a task gives no timeout. Default 30s. */
    defaultTimeout?: DurationText;
    /** The most a task may ask for. Default 5m. The task's deadline caps it further. */
    maxTimeout?: DurationText;
    /** Bytes of the response body kept in the output and in errors. Default 2048. */
    bodyExcerptBytes?: number;
    /** Redirect hops followed (each to an allowed host). Default 5. */
    maxRedirects?: number;
}
export declare const HTTP_METHODS: readonly ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];
export type HttpMethod = (typeof HTTP_METHODS)[number];
export interface HttpParams {
    method: HttpMethod;
    url: string;
    headers?: Record<string, string>;
    /** A string is sent as is; anything else as JSON (`Content-Type: application/json` unless given). */
    body?: Json;
    timeout?: DurationText;
}
export interface HttpOutput {
    status: number;
    body: string;
    truncated: boolean;
    [key: string]: string | number | boolean;
}
export declare class HttpActionError extends Error {
    readonly kind: 'refused' | 'status' | 'timeout' | 'network' | 'cancelled';
    readonly status?: number | undefined;
    readonly body?: string | undefined;
    constructor(message: string, kind: 'refused' | 'status' | 'timeout' | 'network' | 'cancelled', status?: number | undefined, body?: string | undefined);
}
export declare function isLoopbackHost(host: string): boolean;
/** Whether `host` (a URL's hostname) matches an allowlist entry. */
export declare function isHostAllowed(host: string, allowedHosts: readonly string[]): boolean;
/** Problems with allowlist entries (a bare `*`, a URL instead of a host, …). */
export declare function allowlistProblems(allowedHosts: readonly string[]): string[];
/** The http action's configuration from the environment: `ATM_HTTP_ALLOWED_HOSTS` (comma separated), `ATM_HTTP_ALLOW_LOOPBACK_HTTP` (`true`/`1`). */
export declare function httpActionConfigFromEnv(env?: Record<string, string | undefined>): HttpActionConfig;
/** Why a request to `url` is refused by `config`, or undefined when it may go. */
export declare function httpUrlProblem(url: string, config: HttpActionConfig): string | undefined;
export declare function createHttpAction(config: HttpActionConfig): ActionDefinition<HttpParams>;
