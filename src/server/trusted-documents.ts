import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import type { TrustedDocumentsConfig } from '../config/config-schema.js';
import { ConfigError } from '../config/load-config.js';
import { isRecord } from '../is-record.js';
import type { Principal } from '../request/principal.js';
import type { Logger } from './logger.js';

/** One GraphQL request body (a batch is several). */
export type OperationBody = Record<string, unknown>;

export type TrustedOutcome =
  | { ok: true; body: OperationBody }
  | { ok: false; code: 'PERSISTED_QUERY_NOT_FOUND' | 'PERSISTED_QUERY_NOT_ALLOWED'; message: string };

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Trusted documents (Apollo's safelisting, Hive's persisted documents): the operations a frontend
 * ships, by hash, from a manifest made at build time. A request names one by `documentId` or by
 * the APQ wire format (`extensions.persistedQuery.sha256Hash`), or sends the text itself, which
 * counts as trusted when its SHA-256 is in the manifest. `allow-and-log` runs anything and logs
 * what is unknown (hash and operation name, never the text); `enforce` refuses it.
 */
export class TrustedDocuments {
  readonly #config: TrustedDocumentsConfig;
  readonly #byId: ReadonlyMap<string, string>;
  readonly #textHashes: ReadonlySet<string>;
  readonly #logger: Logger;

  constructor(config: TrustedDocumentsConfig, documents: ReadonlyMap<string, string>, logger: Logger) {
    this.#config = config;
    this.#byId = documents;
    this.#textHashes = new Set([...documents.values()].map(sha256));
    this.#logger = logger;
  }

  /** Reads `config.manifest`; undefined when the mode is off. A bad file is a ConfigError naming it. */
  static load(config: TrustedDocumentsConfig, logger: Logger): TrustedDocuments | undefined {
    if (config.mode === 'off' || config.manifest === undefined) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(config.manifest, 'utf8'));
    } catch (err) {
      throw new ConfigError(`server.trustedDocuments.manifest: cannot read ${config.manifest} as JSON: ${(err as Error).message.split('\n')[0]}`);
    }
    return new TrustedDocuments(config, parseManifest(raw, config.manifest), logger);
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Whether only the manifest's documents run. */
  get enforced(): boolean {
    return this.#config.mode === 'enforce';
  }

  /** The names of the manifest's operations (a document that does not parse names none). */
  operationNames(): Set<string> {
    const names = new Set<string>();
    for (const text of this.#byId.values()) {
      try {
        for (const def of parse(text).definitions) if (def.kind === Kind.OPERATION_DEFINITION && def.name) names.add(def.name.value);
      } catch {
        // A document that does not parse is refused when it is sent; it names no operation here.
      }
    }
    return names;
  }

  resolve(body: OperationBody, principal: Principal | null): TrustedOutcome {
    const extensions = isRecord(body['extensions']) ? body['extensions'] : undefined;
    const persisted = extensions && isRecord(extensions['persistedQuery']) ? extensions['persistedQuery'] : undefined;
    const id =
      typeof body['documentId'] === 'string' ? body['documentId'] : typeof persisted?.['sha256Hash'] === 'string' ? persisted['sha256Hash'] : undefined;
    const query = typeof body['query'] === 'string' ? body['query'] : undefined;
    const operationName = typeof body['operationName'] === 'string' ? body['operationName'].slice(0, 100) : null;
    const exempt = this.#config.allowArbitraryForAdmin && principal?.role === 'admin';

    if (id !== undefined) {
      const document = this.#byId.get(id.replace(/^sha256:/, ''));
      if (document !== undefined) {
        const { documentId: _id, extensions: _ext, ...rest } = body;
        const { persistedQuery: _pq, ...otherExtensions } = extensions ?? {};
        return { ok: true, body: { ...rest, query: document, ...(Object.keys(otherExtensions).length > 0 ? { extensions: otherExtensions } : {}) } };
      }
      if (query === undefined || (this.#config.mode === 'enforce' && !exempt)) {
        this.#logger.warn({ trustedDocument: { id: id.slice(0, 80), operationName, known: false } }, 'unknown trusted document');
        return { ok: false, code: 'PERSISTED_QUERY_NOT_FOUND', message: `no trusted document has the id ${JSON.stringify(id.slice(0, 80))}` };
      }
    }
    if (query === undefined || this.#textHashes.has(sha256(query))) return { ok: true, body: withoutPersisted(body) };
    this.#logger.warn(
      { trustedDocument: { sha256: sha256(query), operationName, known: false, caller: principal?.id ?? null } },
      'operation not in the trusted documents',
    );
    if (this.#config.mode === 'enforce' && !exempt) {
      return {
        ok: false,
        code: 'PERSISTED_QUERY_NOT_ALLOWED',
        message: 'only trusted documents run here: send the documentId of an operation in the manifest',
      };
    }
    return { ok: true, body: withoutPersisted(body) };
  }
}

/** A manifest: `{ "<sha256>": "<document>" }` (GraphQL Code Generator's client preset) or Apollo's persisted-query manifest. */
export function parseManifest(raw: unknown, file: string): Map<string, string> {
  const documents = new Map<string, string>();
  if (isRecord(raw) && raw['format'] === 'apollo-persisted-query-manifest' && Array.isArray(raw['operations'])) {
    for (const [i, op] of raw['operations'].entries()) {
      if (!isRecord(op) || typeof op['id'] !== 'string' || typeof op['body'] !== 'string') {
        throw new ConfigError(`server.trustedDocuments.manifest: ${file}: operations[${i}] needs a string id and body`);
      }
      documents.set(op['id'], op['body']);
    }
    return documents;
  }
  if (isRecord(raw) && Object.values(raw).every((v) => typeof v === 'string')) {
    for (const [id, document] of Object.entries(raw)) documents.set(id.replace(/^sha256:/, ''), document as string);
    return documents;
  }
  throw new ConfigError(
    `server.trustedDocuments.manifest: ${file} is neither { "<hash>": "<document>" } nor an Apollo persisted-query manifest (format: apollo-persisted-query-manifest)`,
  );
}

/** Apollo's own APQ is off: a hash the manifest does not know must not reach it. */
function withoutPersisted(body: OperationBody): OperationBody {
  const extensions = isRecord(body['extensions']) ? body['extensions'] : undefined;
  if (!extensions || !('persistedQuery' in extensions)) return body;
  const { persistedQuery: _pq, ...rest } = extensions;
  return { ...body, extensions: rest };
}
