export const PACKAGE: string;
export const VERSION: string;
export const INTEGRITY: string;
export const defaultDir: string;
export function isInstalled(dir?: string): boolean;
export function ensureDynamoDBLocal(dir?: string): string;
