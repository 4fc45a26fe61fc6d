import { z } from 'zod';

/**
 * Fault injection for the simulators, set at run time through `POST /__sim/faults`.
 * A rule matches requests by method and a path glob; `latency` delays and lets the request
 * go on, every other kind replaces the normal answer.
 */
const base = {
  /** Upper-case HTTP method; absent matches any. */
  method: z
    .string()
    .min(1)
    .transform((m) => m.toUpperCase())
    .optional(),
  /** Glob over the request path: `*` matches any run of characters, `/` included. */
  path: z.string().min(1).default('*'),
  /** Chance from 0 to 1 that a matching request gets the fault. */
  rate: z.number().min(0).max(1).default(1),
  /** After this many injections the rule expires; absent means it never does. */
  times: z.number().int().positive().optional(),
};

export const faultRuleSchema = z.discriminatedUnion('kind', [
  z
    .object({ ...base, kind: z.literal('latency'), ms: z.number().int().min(0).max(600_000), jitterMs: z.number().int().min(0).max(600_000).default(0) })
    .strict(),
  z.object({ ...base, kind: z.literal('status'), status: z.number().int().min(400).max(599) }).strict(),
  z.object({ ...base, kind: z.literal('rate-limit'), retryAfter: z.number().int().min(0).max(86_400).default(1) }).strict(),
  // The real handler runs (a write takes effect), then its body is replaced by broken JSON.
  z.object({ ...base, kind: z.literal('malformed') }).strict(),
  // `before`: the socket is destroyed unanswered; `after`: the request takes effect first,
  // which is the case a gateway cannot tell apart from `before` (OUTCOME_UNKNOWN).
  z.object({ ...base, kind: z.literal('reset'), when: z.enum(['before', 'after']).default('before') }).strict(),
  z.object({ ...base, kind: z.literal('hang') }).strict(),
]);

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema> & { id: number; injected: number };
export type FaultKind = FaultRule['kind'];
/** A fault that replaces the normal answer (every kind but latency). */
export type BlockingFault = Exclude<FaultRule, { kind: 'latency' }>;

/** Turns a path glob into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export class FaultTable {
  #rules: FaultRule[] = [];
  #nextId = 1;
  readonly #random: () => number;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  /** Validates and adds rules; throws a ZodError naming the bad field. */
  add(inputs: unknown[]): FaultRule[] {
    const parsed = inputs.map((input) => faultRuleSchema.parse(input));
    const added = parsed.map((rule) => ({ ...rule, id: this.#nextId++, injected: 0 }));
    this.#rules.push(...added);
    return added;
  }

  list(): FaultRule[] {
    return this.#rules.map((r) => ({ ...r }));
  }

  remove(id: number): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    return this.#rules.length !== before;
  }

  clear(): void {
    this.#rules = [];
  }

  /**
   * The faults this request gets: every matching latency rule's delay, and the first matching
   * rule of any other kind that fires. Counts the injection and expires spent rules.
   */
  pick(method: string, path: string): { delayMs: number; fault?: BlockingFault } {
    let delayMs = 0;
    let fault: BlockingFault | undefined;
    for (const rule of this.#rules) {
      if (rule.method !== undefined && rule.method !== method.toUpperCase()) continue;
      if (!globToRegExp(rule.path).test(path)) continue;
      if (rule.kind !== 'latency' && fault !== undefined) continue;
      if (rule.rate < 1 && this.#random() >= rule.rate) continue;
      rule.injected++;
      if (rule.kind === 'latency') {
        delayMs += rule.ms + (rule.jitterMs > 0 ? Math.floor(this.#random() * (rule.jitterMs + 1)) : 0);
      } else {
        fault = { ...rule };
      }
    }
    this.#rules = this.#rules.filter((r) => r.times === undefined || r.injected < r.times);
    return fault === undefined ? { delayMs } : { delayMs, fault };
  }
}
