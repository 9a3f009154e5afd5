/**
 * aws-local-stepfunctions calls Promise.withResolvers (Node 22+). On Node 20 every Task would
 * fail with "Promise.withResolvers is not a function" — hidden by a Catch on States.ALL —
 * so the local stack installs this small polyfill before loading the interpreter.
 */
const P = Promise as unknown as { withResolvers?: <T>() => { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } };
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = function withResolvers<T>() {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export {};
