/** The AWS composition's clients load on first use (lib/aws/runtime.ts): see lib/app/lazy.ts. */
export { onFirstUse } from '../app/lazy.js';
