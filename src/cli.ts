#!/usr/bin/env node
import './commands/graphql-production-checks.js';
import 'reflect-metadata';
import { checkCommand } from './commands/check.js';
import { configSchemaCommand } from './commands/config-schema.js';
import { demoCommand } from './commands/demo.js';
import { HASH_KEY_USAGE, hashKeyCommand } from './commands/hash-key.js';
import { schemaCommand } from './commands/schema.js';
import { serveCommand } from './commands/serve.js';
import { SIMULATE_USAGE, simulateCommand } from './commands/simulate.js';
import { UsageError } from './commands/usage-error.js';
import { ConfigError } from './config/load-config.js';
import { SeedError } from './simulators/seed.js';

const USAGE = `usergraph: one GraphQL API over the user management of DQOps, Waldur and Rockset

  usergraph demo                      the three simulators with demo data + the gateway on :4000
  usergraph serve --config FILE       the gateway over the upstreams in a YAML config
  ${SIMULATE_USAGE.replace('usage: ', '')}
  usergraph schema [--subgraph] [--out FILE]  print the GraphQL SDL (or the Federation 2 subgraph SDL)
  usergraph config-schema [--out FILE] print the JSON Schema of usergraph.yaml (for editors)
  usergraph check --config FILE       check the config and probe each source
  ${HASH_KEY_USAGE.replace('usage: ', '')}
                                      a new API key, and the config entry with its hash
`;

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  demo: () => demoCommand(),
  serve: serveCommand,
  simulate: simulateCommand,
  schema: schemaCommand,
  'hash-key': hashKeyCommand,
  'config-schema': configSchemaCommand,
  check: checkCommand,
};

async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"; expected one of ${Object.keys(COMMANDS).join(', ')} (usergraph --help)`);
  await command(args);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Expected mistakes (arguments, seed file, config) are one line and exit 2; anything else is a bug.
  if (err instanceof UsageError || err instanceof SeedError || err instanceof ConfigError) {
    process.stderr.write(`usergraph: ${err.message}\n`);
    process.exit(2);
  }
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    process.stderr.write(`usergraph: cannot listen: ${(err as Error).message}\n`);
    process.exit(2);
  }
  process.stderr.write(`usergraph: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
