/**
 * aws-local-stepfunctions calls Promise.withResolvers (Node 22+). On Node 20 every Task would
 * fail with "Promise.withResolvers is not a function" — hidden by a Catch on States.ALL —
 * so the local stack installs this small polyfill before loading the interpreter.
 */
const P = Promise;
if (typeof P.withResolvers !== 'function') {
    P.withResolvers = function withResolvers() {
        let resolve;
        let reject;
        const promise = new Promise((res, rej) => {
            resolve = res;
            reject = rej;
        });
        return { promise, resolve, reject };
    };
}
export {};
