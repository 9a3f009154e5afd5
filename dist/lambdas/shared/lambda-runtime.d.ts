import { type Runtime, type RuntimeSettings } from './runtime.js';
/** Settings from the function's environment (set by the stack), defaults otherwise. */
export declare function settingsFromEnv(env?: NodeJS.ProcessEnv): RuntimeSettings;
/** The runtime of this Lambda container: built on the first invocation (secret fetched once), then reused. */
export declare function lambdaRuntime(): Promise<Runtime>;
