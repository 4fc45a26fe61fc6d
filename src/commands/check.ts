import { parseArgs } from 'node:util';
import { loadConfigFile } from '../config/load-config.js';
import { checkSources, type SourceCheck } from '../server/check-sources.js';
import { UsageError } from './usage-error.js';

export const CHECK_USAGE = 'usage: usergraph check --config FILE';

/**
 * `usergraph check --config FILE`: validates the config (a bad one is the usual one-line error,
 * exit 2), then probes each source and prints a table. Exit 1 when a required source fails (with
 * none marked required: when any source fails).
 */
export async function checkCommand(args: string[]): Promise<void> {
  let file: string | undefined;
  try {
    file = parseArgs({ args, strict: true, options: { config: { type: 'string', short: 'c' } } }).values.config;
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; ${CHECK_USAGE}`);
  }
  if (!file) throw new UsageError(`--config is required; ${CHECK_USAGE}`);
  const config = loadConfigFile(file);
  process.stdout.write(`config ${file}: valid, ${config.sources.length} source(s)\n\n`);
  const checks = await checkSources(config);
  process.stdout.write(`${formatTable(checks)}\n`);
  const anyRequired = checks.some((c) => c.required);
  const failed = checks.filter((c) => (anyRequired ? c.required : true) && [c.reachable, c.credential, c.read].includes('fail'));
  if (failed.length > 0) {
    process.stdout.write(`\n${failed.length} source(s) failed: ${failed.map((c) => c.name).join(', ')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('\nall sources the gateway needs answer\n');
  }
}

export function formatTable(checks: readonly SourceCheck[]): string {
  const rows = [
    ['SOURCE', 'VENDOR', 'REACHABLE', 'CREDENTIAL', 'READ', 'WRITE', 'LATENCY', 'NOTE'],
    ...checks.map((c) => [
      c.name + (c.required ? ' *' : ''),
      c.vendor,
      c.reachable,
      c.credential,
      c.read,
      c.write,
      c.latencyMs === null ? '-' : `${c.latencyMs} ms`,
      c.note,
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}
