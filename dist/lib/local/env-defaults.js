/**
 * Defaults for the local stack, set before the handlers (and Powertools) are loaded: no EMF
 * metrics on stdout, warnings and errors only in the JSON logs (the local stack prints a line
 * per request itself), no CloudFormation schema validation for the in-process synth.
 * Each can be overridden from the environment.
 */
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
process.env.CDK_VALIDATION ??= 'false';
// The http action of processes may call the local stack itself (the example process's /_local/echo).
process.env.ATM_HTTP_ALLOWED_HOSTS ??= 'localhost,127.0.0.1';
process.env.ATM_HTTP_ALLOW_LOOPBACK_HTTP ??= 'true';
// npm start prints one line about Node 22 instead of the SDK's multi-line warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
export {};
