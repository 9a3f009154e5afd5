/**
 * The dashboard's files (index.html, styles.css, main.js and its lazily loaded chunks): read
 * from a prebuilt folder (the API function's bundle carries one, see lib/infra), or built from
 * dashboard/ with esbuild on first use (npm start, tests). Served by dashboard-routes.ts.
 */
export interface Asset {
    path: string;
    type: string;
    body: Buffer;
    gzip: Buffer | null;
    etag: string;
}
/** The source folder (dashboard/ at the project root) when running from the repository. */
export declare const DASHBOARD_SOURCE: string;
/** Builds the dashboard into memory: { 'main.js': …, 'diagram-HASH.js': …, 'styles.css': …, 'index.html': … }. */
export declare function buildDashboard(source?: string, options?: {
    minify?: boolean;
}): Promise<Map<string, Buffer>>;
export declare function dashboardAssets(env?: NodeJS.ProcessEnv): Promise<Map<string, Asset>>;
