import type { AutomationClass } from '../engine/definition.js';
/** Data to start an automation with in the printed curl: the class's own `static example` (an object, or a function returning one), else `{}`. */
export declare function exampleData(cls: AutomationClass): Record<string, unknown>;
