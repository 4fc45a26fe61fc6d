import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlockingFault, FaultTable } from './faults.js';
import type { RequestLog } from './request-log.js';
import { HOOK_PREFIX, handleHook } from './sim-hooks.js';
import type { RoutedRequest, SimRequest, SimResponse, VendorSimulator } from './sim-types.js';

export interface SimPipelineDeps {
  sim: VendorSimulator;
  log: RequestLog;
  faults: FaultTable;
  maxBodyBytes: number;
  /** `host:port` listened on, for a request without a Host header. */
  listening: () => string;
}

type Finish = (status: number | null, fault?: BlockingFault, actor?: string) => void;

/**
 * What each simulator request goes through: a bounded body, the `/__sim/` hooks, then for a
 * vendor request its log entry (counted by route), the vendor's 413, an injected fault or delay,
 * and the vendor's answer.
 */
export function createSimPipeline({
  sim,
  log,
  faults,
  maxBodyBytes,
  listening,
}: SimPipelineDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? listening()}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const read = await readBody(req, maxBodyBytes);
    const simReq: SimRequest = { method, path, query: url.searchParams, headers: req.headers, body: read.body, url };

    if (path.startsWith(HOOK_PREFIX)) {
      send(res, read.tooLarge ? { status: 413 } : handleHook(simReq, sim, log, faults));
      return;
    }

    const routed = sim.route(simReq);
    const traceparent = req.headers['traceparent'];
    const entry = log.start(method, path, url.search, routed.route, typeof traceparent === 'string' ? traceparent : undefined);
    const finish = (status: number | null, fault?: BlockingFault, actor?: string): void => {
      entry.status = status;
      if (fault) entry.fault = fault.kind;
      if (actor) entry.actor = actor;
      entry.durationMs = Math.round((performance.now() - started) * 100) / 100;
    };

    if (read.tooLarge) {
      const response = sim.bodyTooLarge(simReq);
      send(res, { ...response, headers: { ...response.headers, connection: 'close' } });
      finish(response.status);
      return;
    }

    const { delayMs, fault } = faults.pick(method, path);
    if (delayMs > 0) await sleep(delayMs);

    answer({ sim, req, res, simReq, routed }, fault, finish);
  };
}

/** The vendor's answer, or the fault injected in its place. */
function answer(
  { sim, req, res, simReq, routed }: { sim: VendorSimulator; req: IncomingMessage; res: ServerResponse; simReq: SimRequest; routed: RoutedRequest },
  fault: BlockingFault | undefined,
  finish: Finish,
): void {
  switch (fault?.kind) {
    case undefined: {
      const response = routed.respond();
      send(res, response);
      finish(response.status, undefined, response.actor);
      return;
    }
    case 'status':
      send(res, sim.errorResponse(simReq, fault.status));
      finish(fault.status, fault);
      return;
    case 'rate-limit':
      send(res, sim.errorResponse(simReq, 429, fault.retryAfter));
      finish(429, fault);
      return;
    case 'malformed': {
      const response = routed.respond();
      send(res, { ...response, headers: { ...response.headers, 'content-type': 'application/json' }, body: '{"data": [{"email": "trunc' });
      finish(response.status, fault, response.actor);
      return;
    }
    case 'reset': {
      const response = fault.when === 'after' ? routed.respond() : undefined;
      req.socket.destroy();
      finish(null, fault, response?.actor);
      return;
    }
    case 'hang':
      // Never answered: the client's deadline or close() ends it.
      finish(null, fault);
      return;
    default:
      assertNever(fault);
  }
}

interface ReadBody {
  body: Buffer;
  tooLarge: boolean;
}

/**
 * Reads at most `limit` bytes. Past that it stops buffering but drains up to a hard cap, so the
 * vendor's 413 reaches a client still uploading; a body beyond the cap loses its connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const hardCap = limit * 64;
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      if (size > hardCap) req.socket.destroy();
    });
    req.on('end', () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.on('error', () => resolve({ body: Buffer.alloc(0), tooLarge }));
    req.on('close', () => resolve({ body: Buffer.alloc(0), tooLarge }));
  });
}

function send(res: ServerResponse, response: SimResponse): void {
  if (res.destroyed) return;
  const body = response.body ?? '';
  const headers: Record<string, string | number> = { ...response.headers };
  // An empty body still says so: DQOps and Waldur answer some errors with `content-length: 0`.
  headers['content-length'] = Buffer.byteLength(body);
  res.writeHead(response.status, headers);
  res.end(body);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function assertNever(value: never): never {
  throw new Error(`unhandled fault kind: ${JSON.stringify(value)}`);
}
