import type { AbortLike } from './cut-signal.js';

/**
 * `promise`'s outcome, unless `signal` aborts first: then the error `onAbort` returns. The promise
 * itself is not cut (whoever owns it decides that); the listener goes once it settles.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortLike, onAbort: () => unknown): Promise<T> {
  if (signal.aborted) {
    // An abort listener added now would never fire; and nobody will read this promise's failure.
    promise.catch(() => undefined);
    return Promise.reject(onAbort());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(err);
      },
    );
  });
}
