import type { DocumentNode } from 'graphql';

export interface DocumentCacheOptions {
  /** Most documents kept. */
  maxDocuments: number;
  /** Most query text kept, in characters (a parsed document is some ten times its text). */
  maxChars: number;
}

/**
 * Documents Apollo has parsed and validated, by their exact query text, least recently used
 * evicted first. Validation depends on the text and the schema alone (the gateway's rules are
 * fixed at start), so a text found here is valid for every caller.
 */
export class DocumentCache {
  readonly #documents = new Map<string, DocumentNode>();
  readonly #options: DocumentCacheOptions;
  #chars = 0;

  constructor(options: DocumentCacheOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#documents.size;
  }

  get(query: string): DocumentNode | undefined {
    const document = this.#documents.get(query);
    if (document === undefined) return undefined;
    // Map keeps insertion order: moving a hit to the end makes the first key the least recently used.
    this.#documents.delete(query);
    this.#documents.set(query, document);
    return document;
  }

  set(query: string, document: DocumentNode): void {
    if (query.length > this.#options.maxChars || this.#documents.has(query)) return;
    this.#documents.set(query, document);
    this.#chars += query.length;
    for (const oldest of this.#documents.keys()) {
      if (this.#documents.size <= this.#options.maxDocuments && this.#chars <= this.#options.maxChars) break;
      this.#documents.delete(oldest);
      this.#chars -= oldest.length;
    }
  }
}
