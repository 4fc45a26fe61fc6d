#!/usr/bin/env node
import './commands/graphql-production-checks.js';
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from './commands/usage-error.js';
import { ConfigError } from './config/load-config.js';
import { SeedError } from './simulators/seed.js';

/** The package's version: dist/src/cli.js sits two folders below package.json. */
const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

const EXIT_CODES = `
Exit codes: 0 done, 1 a runtime failure (a source that check finds failing, an unexpected error),
2 a usage or config mistake (one line on stderr saying what to fix).`;

/**
 * The command line, on commander (the most used Node CLI parser, with subcommands, generated
 * help, "did you mean" for commands and options, and typed option declarations). Commander checks
 * the options and writes the help; each command's own module still parses its arguments, so its
 * rules and messages (a port from 0 to 65535, a seed file that must exist) stay in one place.
 */
function program(argv: readonly string[]): Command {
  // Each command's module is loaded when it runs: `serve` then holds no simulator, seed or demo code.
  const root = new Command('usergraph')
    .description('One GraphQL API over the user management of DQOps, Waldur and Rockset.')
    .version(VERSION, '-v, --version', 'print the version')
    .option('--debug', 'print the stack of an unexpected error')
    .showSuggestionAfterError(true)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined })
    .addHelpText('after', EXIT_CODES);
  // What follows the command's name, as typed: the command modules parse it themselves.
  const rest = (name: string) => argv.slice(argv.indexOf(name) + 1);
  const example = (lines: string) => `\nExample:\n${lines}`;

  root
    .command('demo')
    .description('the three simulators with demo data and the gateway, on loopback; prints the URLs and fresh API keys')
    .option('--port <n>', 'the gateway port (PORT works too)', '4000')
    .addOption(new Option('--landing <page>', 'what a browser gets at /graphql').choices(['sandbox', 'graphiql']).default('sandbox'))
    .option('--seed <file>', 'vendor data in the seed format (test/fixtures/README.md) instead of demo/demo-seed.json')
    .addHelpText('after', example('  $ usergraph demo --port 4100 --landing graphiql'))
    .action(async () => (await import('./commands/demo.js')).demoCommand(rest('demo')));
  root
    .command('serve')
    .description('the gateway over the upstreams of a YAML config')
    .option('-c, --config <file>', 'the config file (schema/config.schema.json describes it); default: $USERGRAPH_CONFIG')
    .addHelpText('after', example('  $ usergraph serve --config usergraph.yaml'))
    .action(async () => (await import('./commands/serve.js')).serveCommand(rest('serve')));
  root
    .command('init')
    .description('write a starter usergraph.yaml (one source per vendor, secrets from the environment) and print a fresh admin key')
    .option('-o, --out <file>', 'where to write it', 'usergraph.yaml')
    .option('--vendors <list>', 'the vendors to add a source for, comma-separated', 'dqops,waldur,rockset')
    .option('--force', 'replace the file if it exists')
    .addHelpText('after', example('  $ usergraph init --vendors dqops,waldur'))
    .action(async () => (await import('./commands/init.js')).initCommand(rest('init')));
  root
    .command('check')
    .description('validate a config and probe each source: reachable, credential accepted, may read, may write')
    .requiredOption('-c, --config <file>', 'the config file')
    .addHelpText('after', example('  $ usergraph check --config usergraph.yaml'))
    .action(async () => (await import('./commands/check.js')).checkCommand(rest('check')));
  root
    .command('simulate')
    .description('one vendor simulator on 127.0.0.1, for frontend work and benchmarks')
    .argument('<vendor>', 'dqops, waldur or rockset')
    .option('--port <n>', 'the port (0: any free one)')
    .option('--host <addr>', 'the address to listen on (default 127.0.0.1; 0.0.0.0 in a container)')
    .option('--seed <file>', 'vendor data in the seed format (absent: an empty instance)')
    .option('--latency <ms>', 'added to every answer')
    .option('--fail-rate <p>', 'share of requests answered 503, from 0 to 1')
    .addHelpText('after', example('  $ usergraph simulate waldur --port 8001 --seed demo/demo-seed.json --latency 20'))
    .action(async () => (await import('./commands/simulate.js')).simulateCommand(rest('simulate')));
  root
    .command('schema')
    .description('print the GraphQL SDL (or the Federation 2 subgraph SDL)')
    .option('--subgraph', 'the subgraph SDL a router composes')
    .option('-c, --config <file>', "with --subgraph: shaped by this config's server.federation, as serve serves it")
    .option('-o, --out <file>', 'write it to this file')
    .addHelpText('after', example('  $ usergraph schema --out schema.graphql'))
    .action(async () => (await import('./commands/schema.js')).schemaCommand(rest('schema')));
  root
    .command('config-schema')
    .description('print the JSON Schema of usergraph.yaml (for editors)')
    .option('-o, --out <file>', 'write it to this file')
    .addHelpText('after', example('  $ usergraph config-schema --out usergraph.schema.json'))
    .action(async () => (await import('./commands/config-schema.js')).configSchemaCommand(rest('config-schema')));
  root
    .command('hash-key')
    .description('a new API key, printed once, and the auth.apiKeys entry that stores only its hash')
    .option('--name <name>', 'who the key is for (audit events name it)', 'my-client')
    .addOption(new Option('--role <role>', 'what the key may do').choices(['viewer', 'admin']).default('viewer'))
    .addHelpText('after', example('  $ usergraph hash-key --name frontend --role viewer'))
    .action(async () => (await import('./commands/hash-key.js')).hashKeyCommand(rest('hash-key')));
  return root;
}

/** One line for a mistake a person made; the stack only with --debug or for what is a bug. */
function report(err: unknown, debug: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    const message = err.message
      .replace(/^error: /, '')
      .replace(/\n+/g, ' ')
      .trim();
    process.stderr.write(`usergraph: ${message} (usergraph --help)\n`);
    return 2;
  }
  if (err instanceof UsageError || err instanceof SeedError || err instanceof ConfigError) {
    process.stderr.write(`usergraph: ${err.message}\n`);
    return 2;
  }
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e.code === 'EADDRINUSE') {
    process.stderr.write(`usergraph: port ${e.port ?? ''} is in use: set PORT or server.port (the demo: --port)\n`.replace('port  is', 'the port is'));
    return 2;
  }
  if (e.code === 'EACCES' && e.syscall === 'listen') {
    process.stderr.write(`usergraph: cannot listen on port ${e.port ?? ''}: permission denied (ports below 1024 need privileges)\n`);
    return 2;
  }
  if ((e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') && e.syscall === 'open' && e.path) {
    const why = e.code === 'ENOENT' ? 'its directory does not exist' : e.code === 'EISDIR' ? 'it is a directory' : 'permission denied';
    process.stderr.write(`usergraph: cannot write ${e.path}: ${why}\n`);
    return 2;
  }
  process.stderr.write(
    `usergraph: unexpected error: ${debug && err instanceof Error ? (err.stack ?? err.message) : err instanceof Error ? err.message : String(err)}\n`,
  );
  if (!debug) process.stderr.write('usergraph: run again with --debug for the stack\n');
  return 1;
}

const argv = process.argv.slice(2);
const debug = argv.includes('--debug');
const args = argv.filter((a) => a !== '--debug');
const cli = program(args);
if (args.length === 0) {
  process.stdout.write(cli.helpInformation());
} else {
  cli.parseAsync(args, { from: 'user' }).catch((err: unknown) => {
    const code = report(err, debug);
    if (code !== 0) process.exit(code);
  });
}
