/**
 * What the upstream path needs of an abort signal. An AbortSignal has it; so does CutSignal, and
 * undici takes either (it only calls `addEventListener`/`removeEventListener` and reads `aborted`).
 */
export interface AbortLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * A one-shot abort for the gateway's own calls (a try's deadline, a shared call nobody waits for
 * any more). Node's AbortController costs about 10 µs to make, most of it the EventTarget behind
 * its signal, and every upstream call made several (measured with `--cpu-prof`, issue 28); this is
 * an array of listeners.
 */
export class CutSignal implements AbortLike {
  #aborted = false;
  #listeners: (() => void)[] | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Every listener is called once, as with `{ once: true }`: there is only one abort. */
  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.#aborted) return;
    if (this.#listeners === undefined) this.#listeners = [listener];
    else this.#listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.#listeners;
    if (listeners === undefined) return;
    const at = listeners.lastIndexOf(listener);
    if (at !== -1) listeners.splice(at, 1);
  }

  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners) for (const listener of listeners) listener();
  }
}

/**
 * A CutSignal cut after `ms`, or when `outer` aborts, whichever comes first. `release` clears the
 * timer and the listener on `outer` (the call is done, or out of a queue); it may be called again.
 */
export function cutAfter(ms: number, outer: AbortLike | undefined): { signal: CutSignal; release(): void } {
  const signal = new CutSignal();
  const timer = setTimeout(() => signal.abort(), ms);
  timer.unref();
  const cut = () => signal.abort();
  outer?.addEventListener('abort', cut, { once: true });
  return {
    signal,
    release() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', cut);
    },
  };
}

/**
 * A request's deadline: a CutSignal that aborts at `endsAt` (a `performance.now()` time), whose
 * timer is set only when the signal is first used (read, or listened to). A request answered
 * without a vendor call (from a snapshot, or `{ __typename }`) never sets one. A plain object, so
 * a call context can hold it as a property: a getter in an object literal made each context a
 * slow dictionary-mode object (about 1 µs to make).
 */
export class Deadline implements AbortLike {
  readonly #signal = new CutSignal();
  readonly #endsAt: number;
  #timer: NodeJS.Timeout | undefined;
  /** Set once used, or once released: after release nothing is cut. */
  #settled = false;

  constructor(endsAt: number) {
    this.#endsAt = endsAt;
  }

  get aborted(): boolean {
    this.#arm();
    return this.#signal.aborted;
  }

  addEventListener(type: 'abort', listener: () => void): void {
    this.#arm();
    this.#signal.addEventListener(type, listener);
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    this.#signal.removeEventListener(type, listener);
  }

  /** The request is answered: the timer (if any) is cleared. Work it started and that runs on is not cut. */
  release(): void {
    this.#settled = true;
    clearTimeout(this.#timer);
  }

  #arm(): void {
    if (this.#settled) return;
    this.#settled = true;
    const ms = this.#endsAt - performance.now();
    if (ms <= 0) {
      this.#signal.abort();
      return;
    }
    this.#timer = setTimeout(() => this.#signal.abort(), ms);
    this.#timer.unref();
  }
}
