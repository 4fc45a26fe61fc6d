import type { LimitsConfig } from '../config/config-schema.js';
import { limitError } from './limit-error.js';

/**
 * What one HTTP request has used so far: cost and mutations (a batch shares one budget), and the
 * objects its responses hold. The object count is the bound at execution time: a shape the static
 * cost misjudges still ends with an error, never with the process.
 */
export class RequestBudget {
  readonly #limits: LimitsConfig;
  #cost = 0;
  #mutations = 0;
  #objects = 0;

  constructor(limits: LimitsConfig) {
    this.#limits = limits;
  }

  get cost(): number {
    return this.#cost;
  }

  /** Adds an operation's cost; throws COST_LIMIT_EXCEEDED past `maxCost` (for a batch, all of it). */
  spendCost(cost: number): void {
    const total = this.#cost + cost;
    if (total > this.#limits.maxCost) {
      throw limitError('COST_LIMIT_EXCEEDED', `cost ${total} > ${this.#limits.maxCost}${this.#cost > 0 ? ' (this batch)' : ''}`);
    }
    this.#cost = total;
  }

  spendMutations(count: number): void {
    const total = this.#mutations + count;
    if (total > this.#limits.maxMutations) throw limitError('MUTATION_LIMIT_EXCEEDED', `${total} mutations > ${this.#limits.maxMutations} per request`);
    this.#mutations = total;
  }

  /** Counts the items of a list field as it resolves; throws RESPONSE_LIMIT_EXCEEDED past `maxResolvedObjects`. */
  spendObjects(count: number): void {
    this.#objects += count;
    if (this.#objects > this.#limits.maxResolvedObjects) {
      throw limitError('RESPONSE_LIMIT_EXCEEDED', `more than ${this.#limits.maxResolvedObjects} objects in one response; ask for smaller pages`);
    }
  }
}
