import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type BlockingFault, FaultTable } from './faults.js';
import { RequestLog } from './request-log.js';
import { HOOK_PREFIX, handleHook } from './sim-hooks.js';
import type { SimRequest, SimResponse, VendorSimulator } from './sim-types.js';

export interface SimServerOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Loopback by default; the simulators hold fake credentials and are never meant to be exposed. */
  host?: string;
  /** Bodies larger than this get the vendor's "too large" answer (413). */
  maxBodyBytes?: number;
  /** A latency applied to every vendor request (the CLI's --latency). */
  latencyMs?: number;
  /** The chance of a vendor 500 on every vendor request (the CLI's --fail-rate). */
  failRate?: number;
}

export interface RunningSimulator {
  readonly sim: VendorSimulator;
  readonly url: string;
  readonly port: number;
  readonly log: RequestLog;
  readonly faults: FaultTable;
  /** Stops listening and destroys every open connection, hanging ones included. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Serves a vendor simulator over HTTP: reads bounded bodies, answers `/__sim/` hooks,
 * applies injected faults, logs and counts every vendor request, then lets the vendor answer.
 * A handler that throws gets a plain 500 and the server keeps serving.
 */
export async function startSimServer(sim: VendorSimulator, options: SimServerOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = new RequestLog();
  const faults = new FaultTable();
  if (options.latencyMs) faults.add([{ kind: 'latency', ms: options.latencyMs }]);
  if (options.failRate) faults.add([{ kind: 'status', status: 500, rate: options.failRate }]);

  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Node's default 5 s keep-alive timeout is shorter than undici's idea of a live socket.
  server.keepAliveTimeout = 10_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? `${host}:${port()}`}`);
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
        return assertNever(fault);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  function port(): number {
    return (server.address() as AddressInfo).port;
  }
  const displayHost = host.includes(':') ? `[${host}]` : host;

  return {
    sim,
    url: `http://${displayHost}:${port()}`,
    port: port(),
    log,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
  };
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
