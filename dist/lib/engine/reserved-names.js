import { Automation } from './automation.js';
/** Names a node may not take: members of Automation and names the seeds reserve. */
export const RESERVED_NAMES = new Set([
    ...Object.getOwnPropertyNames(Automation.prototype),
    'data', 'id', 'status', 'finished', 'state', 'meta', 'engine', 'key', 'unique', 'save', 'nice', 'on', 'onSignal',
    'broadcastMessage', 'createOnMessage', 'dispatchMessage', 'satisfiesDataRequirements', 'getVerboseName', 'publishReceivers',
]);
