import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { createVendorSimulator } from '../simulators/index.js';
import { readSeedFile } from '../simulators/seed.js';
import { startSimServer } from '../simulators/sim-server.js';
import { VENDORS, type VendorName } from '../simulators/sim-types.js';
import { onShutdown } from './shutdown.js';
import { parseNumber, parsePort, UsageError } from './usage-error.js';

export const SIMULATE_USAGE = 'usage: usergraph simulate <dqops|waldur|rockset> --port N [--host ADDR] [--seed FILE] [--latency MS] [--fail-rate P]';

/**
 * `usergraph simulate <vendor> --port N --seed FILE [--latency MS] [--fail-rate P]`: one simulator on
 * 127.0.0.1 (or `--host`, e.g. 0.0.0.0 in a container whose neighbours call it) until Ctrl-C or SIGTERM.
 * Without --seed the instance starts empty.
 */
export async function simulateCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgsOrUsage(args);
  if (positionals.length !== 1) throw new UsageError(`expected one vendor name; ${SIMULATE_USAGE}`);
  const [vendor = ''] = positionals;
  if (!(VENDORS as readonly string[]).includes(vendor)) throw new UsageError(`unknown vendor "${vendor}"; expected one of ${VENDORS.join(', ')}`);
  const port = parsePort(values.port, '--port');
  const latencyMs = values.latency === undefined ? 0 : Math.round(parseNumber(values.latency, '--latency', 0, 600_000));
  const failRate = values['fail-rate'] === undefined ? 0 : parseNumber(values['fail-rate'], '--fail-rate', 0, 1);
  const host = values.host ?? '127.0.0.1';
  if (isIP(host) === 0) throw new UsageError(`--host must be an IP address (0.0.0.0 for every interface), got "${host}"`);
  const seed = values.seed === undefined ? {} : readSeedFile(values.seed);
  const sim = createVendorSimulator(vendor as VendorName, seed[vendor as VendorName]);

  const running = await startSimServer(sim, { port, host, latencyMs, failRate });
  const extras = [latencyMs ? `latency ${latencyMs} ms` : '', failRate ? `fail rate ${failRate}` : ''].filter(Boolean).join(', ');
  process.stdout.write(
    `${vendor} simulator listening on ${running.url} (${values.seed ? `seed ${values.seed}` : 'empty'}${extras ? `, ${extras}` : ''}); test hooks under ${running.url}/__sim/\n`,
  );
  onShutdown(async () => {
    await running.close();
  });
}

function parseArgsOrUsage(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        latency: { type: 'string' },
        'fail-rate': { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; ${SIMULATE_USAGE}`);
  }
}
