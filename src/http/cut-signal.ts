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
