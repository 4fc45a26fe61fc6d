import type { ChildProcess } from 'node:child_process';
import { cpuMicros } from './processes.js';

/** One request of a scenario; `i` counts the requests sent so far. */
export type Work = (i: number) => Promise<void>;

export interface Measure {
  rps: number;
  p50: number;
  p99: number;
  /** CPU µs per request of the load driver (this process) and of each watched process, by name. */
  cpu: Record<string, number>;
}

/** Closed loop: `connections` workers for `seconds`. */
export async function measure(work: Work, connections: number, seconds: number, watched: Record<string, ChildProcess | undefined> = {}): Promise<Measure> {
  const cpuBefore = Object.entries(watched).map(([name, child]) => [name, cpuMicros(child)] as const);
  const driverBefore = process.cpuUsage();
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  let counter = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await work(counter++);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const n = Math.max(1, latencies.length);
  const driver = process.cpuUsage(driverBefore);
  const cpu: Record<string, number> = { 'load driver': (driver.user + driver.system) / n };
  for (const [name, before] of cpuBefore) cpu[name] = (cpuMicros(watched[name]) - before) / n;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), cpu };
}
