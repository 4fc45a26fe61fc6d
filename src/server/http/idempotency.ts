import { createHash } from 'node:crypto';
import type { HTTPGraphQLResponse } from '@apollo/server';
import { getOperationAST, Kind, parse } from 'graphql';
import type { IdempotencyStore, StoredAnswer } from '../../state/state-store.js';

/** How long an answer is kept for its key (Stripe keeps them 24 hours). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** The IETF draft's key: an opaque string; ours is bounded and printable. */
const KEY = /^[\x21-\x7e]{1,255}$/;

export type IdempotencyOutcome =
  | { kind: 'ran'; result: HTTPGraphQLResponse }
  | { kind: 'replayed'; answer: StoredAnswer }
  | { kind: 'refused'; status: number; code: string; message: string; headers?: Record<string, string> };

/** Mutations whose answer holds a secret: it is not kept in the state store, so they take no Idempotency-Key. */
const SECRET_ANSWERS: ReadonlySet<string> = new Set(['refreshUserToken']);

/** The root fields of a (single, parsed JSON) GraphQL body's mutation; undefined when it holds none or does not parse. */
function mutationFields(body: unknown): string[] | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string' || !/\bmutation\b/.test(query)) return undefined;
  try {
    const operation = getOperationAST(parse(query), typeof operationName === 'string' ? operationName : undefined);
    if (operation?.operation !== 'mutation') return undefined;
    return operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
  } catch {
    return undefined;
  }
}

/** Whether a body holds a mutation. */
export function isMutation(body: unknown): boolean {
  return mutationFields(body) !== undefined;
}

/**
 * A mutation sent with `Idempotency-Key` (IETF draft-ietf-httpapi-idempotency-key-header; Stripe's
 * semantics): the first request with a key runs and its answer is kept for 24 h, per caller and key;
 * the same key with the same body gets that answer again with no vendor call; with another body it
 * is refused (IDEMPOTENCY_KEY_REUSED, 422); while the first still runs, 409 IN_PROGRESS (retryable).
 * Kept in the state store, so it holds across replicas. An answer that could not be stored, or a
 * store that cannot be reached, never runs a mutation twice: the request is refused instead.
 */
export async function withIdempotency(
  store: IdempotencyStore,
  request: { caller: string; key: string; body: unknown },
  execute: () => Promise<HTTPGraphQLResponse>,
): Promise<IdempotencyOutcome> {
  if (!KEY.test(request.key)) {
    return { kind: 'refused', status: 400, code: 'BAD_REQUEST', message: 'Idempotency-Key must be 1 to 255 printable ASCII characters' };
  }
  const secret = (mutationFields(request.body) ?? []).find((f) => SECRET_ANSWERS.has(f));
  if (secret) {
    // Its answer is a token: keeping it for 24 h in a shared store would be one more copy of a secret.
    return { kind: 'refused', status: 400, code: 'BAD_REQUEST', message: `${secret} answers a secret, which is never stored: send it without Idempotency-Key` };
  }
  const key = `${createHash('sha256').update(request.caller).digest('hex').slice(0, 32)}:${request.key}`;
  const hash = createHash('sha256').update(JSON.stringify(request.body)).digest('hex');
  let claim: Awaited<ReturnType<IdempotencyStore['claim']>>;
  try {
    claim = await store.claim(key, hash, IDEMPOTENCY_TTL_MS);
  } catch {
    return {
      kind: 'refused',
      status: 503,
      code: 'STATE_UNAVAILABLE',
      message: 'the shared state store cannot be reached to keep this Idempotency-Key; nothing was run, try again shortly',
      headers: { 'retry-after': '1' },
    };
  }
  if (claim.kind !== 'claimed' && !claim.sameBody) {
    return { kind: 'refused', status: 422, code: 'IDEMPOTENCY_KEY_REUSED', message: 'this Idempotency-Key was used with another request body; use a new key' };
  }
  if (claim.kind === 'running') {
    return {
      kind: 'refused',
      status: 409,
      code: 'IN_PROGRESS',
      message: 'a request with this Idempotency-Key is still running; try again shortly for its answer',
      headers: { 'retry-after': '1' },
    };
  }
  if (claim.kind === 'done') return { kind: 'replayed', answer: claim.answer };
  let result: HTTPGraphQLResponse;
  try {
    result = await execute();
  } catch (err) {
    await store.release(key).catch(() => undefined);
    throw err;
  }
  if (result.body.kind !== 'complete') {
    // A streamed answer (incremental delivery) is not kept; the key is let go.
    await store.release(key).catch(() => undefined);
    return { kind: 'ran', result };
  }
  const answer: StoredAnswer = {
    status: result.status ?? 200,
    contentType: result.headers.get('content-type') ?? 'application/json',
    body: result.body.string,
  };
  // An answer that cannot be stored leaves the key claimed (running) until its TTL: a repeat is refused, never run again.
  await store.complete(key, hash, answer, IDEMPOTENCY_TTL_MS).catch(() => undefined);
  return { kind: 'ran', result };
}
