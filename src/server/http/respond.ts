import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBounded } from '../../http/read-bounded.js';
import type { AuthOutcome } from '../auth/authenticator.js';
import type { Refusal } from './admission.js';

/** What WWW-Authenticate says (RFC 6750): a realm, and `invalid_token` when a credential was presented. */
const CHALLENGE = 'Bearer realm="usergraph"';

/** The answer to a request whose caller is not let in. The body never says which check failed or whether a key exists. */
export function refuseAuth(req: IncomingMessage, res: ServerResponse, auth: Exclude<AuthOutcome, { kind: 'ok' }>): void {
  switch (auth.kind) {
    case 'missing':
      refuse(req, res, 401, graphqlError('authentication required: send Authorization: Bearer <API key or JWT>', 'UNAUTHENTICATED'), {
        'www-authenticate': CHALLENGE,
      });
      return;
    case 'invalid':
      refuse(req, res, 401, graphqlError('invalid or expired credentials', 'UNAUTHENTICATED'), {
        'www-authenticate': `${CHALLENGE}, error="invalid_token"`,
      });
      return;
    case 'no-role':
      refuse(req, res, 403, graphqlError('your credentials grant no usergraph role', 'FORBIDDEN'));
      return;
    case 'throttled':
      refuse(req, res, 429, graphqlError(`too many failed authentications from your address; try again in ${auth.retryAfterSec} s`, 'RATE_LIMITED'), {
        'retry-after': String(auth.retryAfterSec),
      });
      return;
  }
}

/** Answers without reading the body; the rest of it is drained so the connection stays usable. */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  req.resume();
  sendJson(res, status, value, headers);
}

/** A GraphQL-shaped error body, for answers made before Apollo sees the request. */
export function graphqlError(message: string, code: string): unknown {
  return { errors: [{ message, extensions: { code } }] };
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': `${mediaTypeFor(res.req?.headers.accept)}; charset=utf-8`, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/**
 * The media type of the gateway's own answers, negotiated like Apollo's (GraphQL over HTTP):
 * `application/graphql-response+json` when the client prefers it to plain JSON, else `application/json`.
 */
export function mediaTypeFor(accept: string | undefined): string {
  if (!accept) return 'application/json';
  let best = { type: 'application/json', q: -1 };
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const type = range.trim();
    const candidate =
      type === GRAPHQL_RESPONSE ? GRAPHQL_RESPONSE : type === 'application/json' || type === 'application/*' || type === '*/*' ? 'application/json' : undefined;
    // Ties go to application/json, which every client reads.
    if (candidate && (q > best.q || (q === best.q && candidate === 'application/json'))) best = { type: candidate, q };
  }
  return best.q > 0 ? best.type : 'application/json';
}

/** A declared charset other than UTF-8 (the only one GraphQL over HTTP allows), or undefined. */
export function unsupportedCharset(contentType: string | undefined): string | undefined {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
  return charset !== undefined && !/^utf-?8$/i.test(charset) ? charset : undefined;
}

/** The body, or 'too-large' as soon as it passes `limit` bytes (declared or sent), without buffering the rest. */
function readRequestBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return readBounded(req, limit, () => req.resume());
}

/**
 * A GraphQL request's body, bounded: JSON when the content type says so, else text (Apollo
 * answers what it cannot use). Too large is 413 and the connection closes; bad JSON is 400.
 */
export async function readOperationBody(req: IncomingMessage, contentType: string | undefined, maxBodyBytes: number): Promise<Refusal | { body: unknown }> {
  const raw = await readRequestBody(req, maxBodyBytes);
  if (raw === 'too-large') {
    return { status: 413, code: 'BAD_REQUEST', message: `request body is larger than ${maxBodyBytes} bytes`, headers: { connection: 'close' } };
  }
  if (raw.length === 0) return { body: undefined };
  const text = raw.toString('utf8');
  if (!(contentType ?? '').toLowerCase().includes('json')) return { body: text };
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return { status: 400, code: 'BAD_REQUEST', message: 'request body is not valid JSON' };
  }
}
