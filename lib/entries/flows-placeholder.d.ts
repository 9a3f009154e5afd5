// `#flows` as the package build sees it (tsconfig.build.json "paths"): the team's flows module is
// chosen at bundle time, and checked when loaded (lib/flows-module.ts).
export {};
