import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../config/load-config.js';
import { generateApiKey, hashApiKey } from '../server/auth/api-keys.js';
import { startGateway } from '../server/create-gateway.js';
import { createLogger } from '../server/logger.js';
import { createVendorSimulator } from '../simulators/index.js';
import { readSeedFile } from '../simulators/seed.js';
import { type RunningSimulator, startSimServer } from '../simulators/sim-server.js';
import { VENDORS, type VendorName } from '../simulators/sim-types.js';
import { onShutdown } from './shutdown.js';
import { parsePort, UsageError } from './usage-error.js';

/** The project's demo data: vendor-native records in the format of test/fixtures/README.md. */
export const DEMO_SEED = resolve(__dirname, '..', '..', '..', 'demo', 'demo-seed.json');

/** The demo acts on each simulator as its seeded administrator (fake credentials, loopback only). */
export const DEMO_ADMIN_KEYS: Record<VendorName, string> = {
  dqops: 'dqops-key-ada-admin',
  waldur: 'waldur-token-ada',
  rockset: 'rockset-key-ada-admin',
};

const SAMPLE_QUERY = '{ sources { name vendor url capabilities } }';

export const DEMO_USAGE = 'usage: usergraph demo [--port N] [--landing sandbox|graphiql] [--seed FILE]';

/**
 * `npm start`: the three simulators on free loopback ports with the demo data (or `--seed`), and the
 * gateway on 127.0.0.1:4000 (`--port`, or PORT) with Apollo Sandbox (or, with `--landing graphiql`,
 * GraphiQL served by the gateway itself, which needs no internet). Never listens beyond loopback.
 */
export async function demoCommand(args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let values: { port?: string | undefined; landing?: string | undefined; seed?: string | undefined };
  try {
    values = parseArgs({ args, strict: true, options: { port: { type: 'string' }, landing: { type: 'string' }, seed: { type: 'string' } } }).values;
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; ${DEMO_USAGE}`);
  }
  const landing = values.landing ?? 'sandbox';
  if (landing !== 'sandbox' && landing !== 'graphiql') throw new UsageError(`--landing must be sandbox or graphiql, got "${landing}"`);
  // --port wins over PORT, which wins over 4000.
  const port = values.port === undefined ? undefined : parsePort(values.port, '--port');
  const seed = readSeedFile(values.seed ?? DEMO_SEED);
  const started = await Promise.all(VENDORS.map((vendor) => startSimServer(createVendorSimulator(vendor, seed[vendor]), { port: 0 })));
  const sims = Object.fromEntries(VENDORS.map((vendor, i) => [vendor, started[i]])) as Record<VendorName, RunningSimulator>;
  // Fresh keys each run: a demo left running is not open to whoever read an old printout.
  const adminKey = generateApiKey();
  const viewerKey = generateApiKey();
  const config = parseConfig(
    {
      server: { port: 4000, host: '127.0.0.1', landingPage: landing, introspection: true },
      auth: {
        // A key of this run: the demo's offboarding plans need no key of the operator's.
        planSigningKey: randomBytes(32).toString('base64url'),
        apiKeys: [
          { name: 'demo-admin', role: 'admin', hash: hashApiKey(adminKey) },
          { name: 'demo-viewer', role: 'viewer', hash: hashApiKey(viewerKey) },
        ],
      },
      sources: VENDORS.map((vendor) => ({
        name: `${vendor}-demo`,
        vendor,
        url: sims[vendor].url,
        credentials: { mode: 'service', secret: DEMO_ADMIN_KEYS[vendor] },
      })),
    },
    port === undefined ? env : { ...env, PORT: String(port) },
    'demo config',
  );
  // Sandbox opens with the admin key in its headers, so the demo stays one command; the key is on loopback only.
  const gateway = await startGateway(config, {
    logger: createLogger({ level: config.server.logLevel }),
    landingPageHeaders: { authorization: `Bearer ${adminKey}` },
  });
  const shownUrl = gateway.url.replace('127.0.0.1', 'localhost');

  const lines = [
    '',
    `usergraph demo: GraphQL and ${landing === 'sandbox' ? 'Apollo Sandbox' : 'GraphiQL'} at ${shownUrl}`,
    `  GraphiQL, served by the gateway itself (works with no internet): ${shownUrl.replace(/\/graphql$/, '/graphiql')}`,
    '  (demo mode listens on 127.0.0.1 only; the simulators hold demo data and fake credentials)',
    '',
    'Gateway API keys (new each run; Sandbox already sends the admin one):',
    `  admin   ${adminKey}`,
    `  viewer  ${viewerKey}   (queries only, no userToken)`,
    '',
    'Try:',
    `  curl -s ${gateway.url} -H 'content-type: application/json' -H 'authorization: Bearer ${viewerKey}' -d '${JSON.stringify({ query: SAMPLE_QUERY })}'`,
    '',
    'Simulated vendors (test hooks under /__sim/; the gateway holds their credentials):',
    ...VENDORS.map((v) => `  ${`${v}-demo`.padEnd(13)} ${sims[v].url}   dev credential: ${DEMO_ADMIN_KEYS[v]}`),
    '',
    'Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(lines.join('\n'));

  onShutdown(async () => {
    await gateway.stop();
    await Promise.all(Object.values(sims).map((s) => s.close()));
  });
}
