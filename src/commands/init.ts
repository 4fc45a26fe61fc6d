import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateApiKey, hashApiKey } from '../server/auth/api-keys.js';
import { VENDOR_NAMES, type Vendor } from '../vendors.js';
import { UsageError } from './usage-error.js';

export const INIT_USAGE = 'usage: usergraph init [--out FILE] [--vendors dqops,waldur,rockset] [--force]';

/** What each vendor's source needs from the operator: where it is, and which credential to send. */
const SOURCE_TEMPLATE: Record<Vendor, { url: string; example: string; secret: string; what: string }> = {
  dqops: { url: 'DQOPS_URL', example: 'http://dqops.internal:8888', secret: 'DQOPS_API_KEY', what: 'an API key of a DQOps admin' },
  waldur: { url: 'WALDUR_URL', example: 'https://waldur.example.org', secret: 'WALDUR_TOKEN', what: 'the API token of a Waldur staff user' },
  rockset: { url: 'ROCKSET_URL', example: 'https://api.usw2a1.rockset.com', secret: 'ROCKSET_API_KEY', what: 'a Rockset API key of an admin' },
};

/** A starter config: commented, one source per vendor, secrets as ${ENV} references, the admin key's hash. */
export function starterConfig(vendors: readonly Vendor[], adminKeyHash: string): string {
  return [
    '# usergraph.yaml, written by `usergraph init`. Every key is described in schema/config.schema.json',
    '# (point your editor at it). Set the environment variables named below (or give a secret as',
    `# \${file:/run/secrets/NAME}), then: usergraph check --config usergraph.yaml`,
    'server:',
    '  port: 4000 # PORT overrides it',
    '  host: 127.0.0.1 # 0.0.0.0 to listen beyond this machine',
    'auth:',
    '  apiKeys:',
    '    # The admin key was printed once by `usergraph init`; only its hash is kept here.',
    `    - { name: admin, role: admin, hash: "${adminKeyHash}" }`,
    '    # More keys: usergraph hash-key --name frontend --role viewer',
    `  # planSigningKey: "\${USERGRAPH_PLAN_KEY}" # signs offboarding plans; the same on every replica`,
    'sources:',
    ...vendors.flatMap((v) => {
      const t = SOURCE_TEMPLATE[v];
      return [
        `  - name: ${v} # what clients call this source`,
        `    vendor: ${v}`,
        `    url: "\${${t.url}}" # e.g. ${t.example}`,
        `    credentials: { mode: service, secret: "\${${t.secret}}" } # ${t.what}`,
      ];
    }),
    '',
  ].join('\n');
}

/**
 * `usergraph init`: writes a starter config (never over an existing file without --force) and
 * prints a fresh admin key once, with what to set before `usergraph check` accepts the file.
 */
export async function initCommand(args: string[]): Promise<void> {
  let values: { out?: string | undefined; vendors?: string | undefined; force?: boolean | undefined };
  try {
    values = parseArgs({
      args,
      strict: true,
      options: { out: { type: 'string', short: 'o' }, vendors: { type: 'string' }, force: { type: 'boolean' } },
    }).values;
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; ${INIT_USAGE}`);
  }
  const out = values.out ?? 'usergraph.yaml';
  const vendors = (values.vendors ?? VENDOR_NAMES.join(',')).split(',').map((v) => v.trim());
  for (const v of vendors) {
    if (!(VENDOR_NAMES as readonly string[]).includes(v)) throw new UsageError(`--vendors: unknown vendor "${v}"; expected some of ${VENDOR_NAMES.join(', ')}`);
  }
  if (existsSync(out) && !values.force) throw new UsageError(`${out} exists; pass --force to replace it`);
  const key = generateApiKey();
  writeFileSync(out, starterConfig(vendors as Vendor[], hashApiKey(key)));
  const env = vendors.flatMap((v) => [SOURCE_TEMPLATE[v as Vendor].url, SOURCE_TEMPLATE[v as Vendor].secret]);
  process.stdout.write(
    [
      `wrote ${out}`,
      '',
      'Admin API key (shown once; the file keeps only its hash):',
      `  ${key}`,
      '',
      `Next: set ${env.join(', ')}, then`,
      `  usergraph check --config ${out}`,
      '',
    ].join('\n'),
  );
}
