/** The package root: the repository (this file is lib/infra/paths.ts), or dist/ of the installed package (dist/lib/infra/paths.js). */
export declare const PACKAGE_ROOT: string;
/** True when running from the built package (JavaScript in dist/), false from the repository's TypeScript. */
export declare const BUILT: boolean;
/** A handler's entry: lambdas/<role>.ts in the repository, dist/lambdas/<role>.js in the package. */
export declare const handlerEntry: (role: string) => string;
/** The shell command that puts the built dashboard into `out` (run after the API function is bundled). */
export declare function dashboardCommand(out: string): string;
/** The lock file NodejsFunction installs from: the first of npm's, pnpm's, yarn's and bun's in the project root. */
export declare function lockFile(projectRoot: string): string | undefined;
