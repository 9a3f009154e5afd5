/** The repository root (this file is lib/infra/paths.ts). */
export declare const PROJECT_ROOT: string;
export declare const handlerEntry: (role: string) => string;
