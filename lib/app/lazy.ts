/**
 * What a runtime builds only when a path needs it. The Lambda bundles are split
 * (lib/infra/handler-bundle.ts): a module reached only through a dynamic `import()` is a chunk
 * of its own that Node compiles when it is first imported, so a part only some paths use (an
 * AWS client, the process and workflow runtimes, a route group) costs nothing at a cold start
 * that does not use it.
 */

/** `make` run on the first call, its promise shared by the calls after it; a failure is forgotten, so the next call tries again. */
export function onFirstUse<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make().catch((error: unknown) => {
    made = undefined;
    throw error;
  }));
}
