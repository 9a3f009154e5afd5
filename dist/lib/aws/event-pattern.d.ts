export declare function matchesPattern(pattern: Record<string, unknown>, event: unknown): boolean;
