import type { Dispatcher } from 'undici';
import type { AbortLike } from './cut-signal.js';

/** An upstream answer read whole. */
export interface CollectedAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * One request over undici's dispatch API with the answer collected whole, or 'too-large' as soon as
 * it passes `limit` bytes (declared or sent; the exchange is then cut, and its connection with it).
 * undici's `request` wraps every answer in a Readable stream with listeners: this costs about 7 µs
 * less CPU per call (30 → 23 µs in process against the Waldur simulator). `signal` cuts it at any point;
 * the promise then rejects with undici's abort error, as `request` does.
 */
export function collectAnswer(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  limit: number,
  signal: AbortLike,
): Promise<CollectedAnswer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let status = 0;
    let headers: CollectedAnswer['headers'] = {};
    let settled = false;
    let controller: Dispatcher.DispatchController | undefined;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', cut);
      done();
    };
    // Cut while still waiting for a connection: answered now, and the exchange is dropped when it starts.
    const cut = () => (controller ? controller.abort(new CutError()) : settle(() => reject(new CutError())));
    const tooLarge = (c: Dispatcher.DispatchController) => {
      settle(() => resolve('too-large'));
      c.abort(new CutError());
    };
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (settled || signal.aborted) c.abort(new CutError());
      },
      onResponseStart(c, statusCode, responseHeaders) {
        status = statusCode;
        headers = responseHeaders;
        if (Number(responseHeaders['content-length'] ?? 0) > limit) tooLarge(c);
      },
      onResponseData(c, chunk) {
        if (settled) return;
        size += chunk.length;
        if (size > limit) tooLarge(c);
        else chunks.push(chunk);
      },
      onResponseEnd() {
        settle(() => resolve({ status, headers, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size) }));
      },
      onResponseError(_c, error) {
        settle(() => reject(error));
      },
    };
    signal.addEventListener('abort', cut, { once: true });
    try {
      dispatcher.dispatch(options, handler);
    } catch (err) {
      settle(() => reject(err));
    }
  });
}

/** What cuts an exchange: the try's timeout or the request's deadline (the caller knows which). */
class CutError extends Error {
  readonly code = 'UND_ERR_ABORTED';

  constructor() {
    super('the exchange was cut');
    this.name = 'AbortError';
  }
}
