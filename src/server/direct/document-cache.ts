import type { DocumentNode } from 'graphql';

export interface DocumentCacheOptions {
  /** Most documents kept. */
  maxDocuments: number;
  /** Most query text kept, in characters (a parsed document is some ten times its text). */
  maxChars: number;
}

interface Entry {
  readonly document: DocumentNode;
  /** Read since it was last queued: it gets a second chance before it is evicted. */
  used: boolean;
}

/**
 * Documents Apollo has parsed and validated, by their exact query text. Validation depends on the
 * text and the schema alone (the gateway's rules are fixed at start), so a text found here is valid
 * for every caller.
 *
 * Eviction is second-chance (CLOCK) over the Map's insertion order: a hit only marks its entry, and
 * a marked entry at the front goes to the back, unmarked, instead of out. Moving every hit to the
 * back (exact LRU) made each hit a Map delete and set, whose holes a full Map of 1,000 texts then
 * rehashed: 1.4 µs a hit against 0.2 with one text (bench/README.md, seventh session).
 */
export class DocumentCache {
  readonly #documents = new Map<string, Entry>();
  readonly #options: DocumentCacheOptions;
  #chars = 0;

  constructor(options: DocumentCacheOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#documents.size;
  }

  get(query: string): DocumentNode | undefined {
    const entry = this.#documents.get(query);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.document;
  }

  set(query: string, document: DocumentNode): void {
    if (query.length > this.#options.maxChars || this.#documents.has(query)) return;
    this.#documents.set(query, { document, used: false });
    this.#chars += query.length;
    // The text just added is spared once, so that a cache whose every entry was read since the last
    // pass does not evict the newcomer first; every other entry is moved at most once, so this ends.
    let spared = false;
    while (this.#documents.size > this.#options.maxDocuments || this.#chars > this.#options.maxChars) {
      const oldest = this.#documents.entries().next();
      if (oldest.done) break;
      const [text, entry] = oldest.value;
      this.#documents.delete(text);
      const newcomer = text === query && !spared;
      if (entry.used || newcomer) {
        if (newcomer) spared = true;
        entry.used = false;
        this.#documents.set(text, entry);
      } else {
        this.#chars -= text.length;
      }
    }
  }
}
