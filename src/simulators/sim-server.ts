import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultTable } from './faults.js';
import { RequestLog } from './request-log.js';
import { createSimPipeline } from './sim-pipeline.js';
import type { VendorSimulator } from './sim-types.js';

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
 * Serves a vendor simulator over HTTP on loopback (sim-pipeline.ts has what each request goes
 * through). A handler that throws gets a plain 500 and the server keeps serving; close() ends
 * every connection, hanging ones included.
 */
export async function startSimServer(sim: VendorSimulator, options: SimServerOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = new RequestLog();
  const faults = new FaultTable();
  if (options.latencyMs) faults.add([{ kind: 'latency', ms: options.latencyMs }]);
  if (options.failRate) faults.add([{ kind: 'status', status: 500, rate: options.failRate }]);

  const listening = (): string => `${host}:${(server.address() as AddressInfo).port}`;
  const handle = createSimPipeline({ sim, log, faults, maxBodyBytes, listening });
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  const sockets = trackSockets(server);
  // Node's default 5 s keep-alive timeout is shorter than undici's idea of a live socket.
  server.keepAliveTimeout = 10_000;

  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const displayHost = host.includes(':') ? `[${host}]` : host;

  return {
    sim,
    url: `http://${displayHost}:${port}`,
    port,
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

/** Listens, or rejects with the listen error (a port in use). */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The open sockets, so close() can end connections a hanging fault keeps open. */
function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}
