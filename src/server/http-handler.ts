import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { GatewayContext } from '../context.js';

/** Request headers, lower-cased, repeated ones joined. */
export type RequestHeaders = Readonly<Record<string, string | undefined>>;

export interface HttpHandlerOptions {
  apollo: ApolloServer<GatewayContext>;
  context: (headers: RequestHeaders) => Promise<GatewayContext>;
  maxBodyBytes: number;
  /** The path GraphQL is served on. */
  graphqlPath?: string;
}

/**
 * The gateway's HTTP surface on plain node:http: `/graphql` through Apollo's
 * `executeHTTPGraphQLRequest`, `/healthz`, and CORS so that Apollo Sandbox (served from
 * Apollo's own origin) can reach a local gateway. Bodies are bounded before parsing.
 */
export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const graphqlPath = options.graphqlPath ?? '/graphql';
  return (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    setCors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (url.pathname === '/' && req.method === 'GET') {
      res.writeHead(302, { location: graphqlPath }).end();
      return;
    }
    if (url.pathname !== graphqlPath) {
      sendJson(res, 404, { error: `no such path: ${url.pathname}; GraphQL is served at ${graphqlPath}` });
      return;
    }

    const raw = await readBounded(req, options.maxBodyBytes);
    if (raw === 'too-large') {
      sendJson(res, 413, graphqlError(`request body is larger than ${options.maxBodyBytes} bytes`, 'BAD_REQUEST'), { connection: 'close' });
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = raw.length > 0 ? raw.toString('utf8') : undefined;
    if (raw.length > 0 && (headers.get('content-type') ?? '').toLowerCase().includes('json')) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        sendJson(res, 400, graphqlError('request body is not valid JSON', 'BAD_REQUEST'));
        return;
      }
    }

    const plainHeaders: Record<string, string> = Object.fromEntries(headers);
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: () => options.context(plainHeaders),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

function setCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  const requested = req.headers['access-control-request-headers'];
  res.setHeader('access-control-allow-headers', requested ?? 'content-type, authorization, apollo-require-preflight');
  res.setHeader('access-control-max-age', '600');
}

function readBounded(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function graphqlError(message: string, code: string): unknown {
  return { errors: [{ message, extensions: { code } }] };
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
