import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../../config/config-schema.js';
import type { Principal } from '../../request/principal.js';
import { checkBatch } from '../limits/batch-check.js';
import { bucketOf, type RateLimiter, rateKeyOf } from '../limits/rate-limiter.js';
import type { OperationBody, TrustedDocuments } from '../trusted-documents.js';
import type { RequestUrl } from './request-url.js';

/** A request refused before Apollo sees it. */
export type Refusal = { status: number; code: string; message: string; headers?: Record<string, string> };

export interface AdmissionDeps {
  schema: GraphQLSchema;
  server: GatewayConfig['server'];
  rateLimiter: RateLimiter;
  trustedDocuments: TrustedDocuments | undefined;
}

/**
 * What a caller's operations must pass before Apollo sees them: its request rate, the batch
 * rules, and the trusted documents (which may swap an id for its document). For GET, the
 * operation in the query string is checked and written back.
 */
export async function admit(deps: AdmissionDeps, body: unknown, url: RequestUrl, principal: Principal, client: string): Promise<Refusal | { body: unknown }> {
  const isGet = operationInQuery(url);
  const operations: unknown[] = Array.isArray(body) ? body : [isGet && body === undefined ? fromSearch(url) : body];
  const rates = deps.server.rateLimits;
  if (rates.enabled) {
    const rateKey = rateKeyOf(principal, client);
    const bucket = bucketOf(rates, principal);
    for (let i = 0; i < operations.length; i++) {
      const wait = await deps.rateLimiter.takeRequest(rateKey, bucket);
      if (wait > 0) {
        const message = `RATE_LIMITED: more than ${bucket.requestsPerMinute} requests per minute; try again in ${wait} s`;
        return { status: 429, code: 'RATE_LIMITED', message, headers: { 'retry-after': String(wait) } };
      }
    }
  }
  let admitted = operations;
  if (deps.trustedDocuments) {
    const trusted = deps.trustedDocuments;
    admitted = [];
    for (const op of operations) {
      if (op === null || typeof op !== 'object' || Array.isArray(op)) {
        admitted.push(op);
        continue;
      }
      const outcome = trusted.resolve(op as OperationBody, principal);
      if (!outcome.ok) return { status: 400, code: outcome.code, message: `${outcome.code}: ${outcome.message}` };
      admitted.push(outcome.body);
    }
  }
  if (Array.isArray(body)) {
    const refusal = checkBatch(admitted, deps.schema, deps.server);
    return refusal ? { status: 400, code: refusal.code, message: `${refusal.code}: ${refusal.message}` } : { body: admitted };
  }
  if (isGet && body === undefined) {
    toSearch(url, admitted[0]);
    return { body };
  }
  return { body: admitted[0] };
}

/** A GET operation's fields from the query string. */
function fromSearch(url: RequestUrl): OperationBody {
  const op: OperationBody = {};
  for (const key of ['query', 'operationName', 'documentId']) {
    const value = url.searchParams.get(key);
    if (value !== null) op[key] = value;
  }
  const extensions = url.searchParams.get('extensions');
  if (extensions !== null) {
    try {
      op['extensions'] = JSON.parse(extensions);
    } catch {
      // Apollo answers a malformed `extensions` itself.
    }
  }
  return op;
}

/** Writes an admitted GET operation back into the query string Apollo reads. */
function toSearch(url: RequestUrl, op: unknown): void {
  if (op === null || typeof op !== 'object') return;
  const fields = op as OperationBody;
  url.searchParams.delete('documentId');
  if (typeof fields['query'] === 'string') url.searchParams.set('query', fields['query']);
  if (fields['extensions'] === undefined) url.searchParams.delete('extensions');
  else url.searchParams.set('extensions', JSON.stringify(fields['extensions']));
}

/** A GET that carries an operation (as text, a trusted-document id or APQ extensions), not a page request. */
export function operationInQuery(url: RequestUrl): boolean {
  return url.searchParams.has('query') || url.searchParams.has('documentId') || url.searchParams.has('extensions');
}
