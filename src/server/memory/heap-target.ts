import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/** How V8 grows the heap while it is over the target: by this percent of what survived a full collection. */
export const TIGHT_GROWING_PERCENT = 20;
/** How often the heap's size is read (cheap: no collection, no walk). */
const CHECK_INTERVAL_MS = 100;

/** What the heap target reads and changes, injectable for tests. */
export interface HeapControl {
  /** V8's committed heap, in bytes. */
  heapBytes(): number;
  /** `--heap-growing-percent`; 0 gives V8 back its own dynamic factor. */
  setGrowingPercent(percent: number): void;
}

const V8_CONTROL: HeapControl = {
  heapBytes: () => getHeapStatistics().total_heap_size,
  // Read by V8 at every full collection (MemoryController::GrowingFactor), so it applies from the
  // next one; unlike --max-old-space-size, which only counts at start.
  setGrowingPercent: (percent) => setFlagsFromString(`--heap-growing-percent=${percent}`),
};

/**
 * A soft limit on V8's heap, in the spirit of Go's GOMEMLIMIT. With Node's defaults V8 lets the old
 * space grow up to four times what survived a full collection, so a gateway whose live data is
 * 50 MB reached 250 MB RSS under load and kept it (bench/README.md). Over `targetMb`, V8 grows it by
 * 20% instead (more frequent full collections while there: the bench's mixed load ran at the same rate,
 * a walk of large pages at one connection up to a fifth slower); below half the
 * target it gets its own factor back. Not a cap: live data above the target stays, and is collected
 * more often. One per process (V8's flags are process-wide): the lowest target of the gateways in it.
 */
export class HeapTarget {
  readonly #control: HeapControl;
  readonly #targets = new Set<{ bytes: number }>();
  #timer: NodeJS.Timeout | undefined;
  #tight = false;

  constructor(control: HeapControl = V8_CONTROL) {
    this.#control = control;
  }

  /** True while V8 grows the heap by TIGHT_GROWING_PERCENT. */
  get tight(): boolean {
    return this.#tight;
  }

  /** Holds the heap near `targetMb` until the returned function is called. */
  hold(targetMb: number): () => void {
    const target = { bytes: targetMb * 1024 * 1024 };
    this.#targets.add(target);
    this.#timer ??= setInterval(() => this.check(), CHECK_INTERVAL_MS).unref();
    this.check();
    return () => {
      this.#targets.delete(target);
      if (this.#targets.size > 0) return;
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#relax();
    };
  }

  /** Compares the heap with the lowest target held; called on a timer. */
  check(): void {
    let bytes = Number.POSITIVE_INFINITY;
    for (const t of this.#targets) bytes = Math.min(bytes, t.bytes);
    const heap = this.#control.heapBytes();
    if (!this.#tight && heap > bytes) {
      this.#tight = true;
      this.#control.setGrowingPercent(TIGHT_GROWING_PERCENT);
    } else if (this.#tight && heap < bytes / 2) {
      this.#relax();
    }
  }

  #relax(): void {
    if (!this.#tight) return;
    this.#tight = false;
    this.#control.setGrowingPercent(0);
  }
}

/** Whether the operator set V8's heap growth on the command line: then the gateway leaves it alone. */
export function growthSetByOperator(execArgv: readonly string[] = process.execArgv): boolean {
  return execArgv.some((arg) => arg.startsWith('--heap-growing-percent') || arg.startsWith('--heap_growing_percent'));
}

/** The process's heap target, shared by every gateway in it. */
export const processHeapTarget = new HeapTarget();
