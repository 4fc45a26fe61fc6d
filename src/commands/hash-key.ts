import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../config/config-schema.js';
import { generateApiKey, hashApiKey } from '../server/auth/api-keys.js';
import { UsageError } from './usage-error.js';

export const HASH_KEY_USAGE = 'usage: usergraph hash-key [--name NAME] [--role viewer|admin]';

/**
 * `usergraph hash-key`: makes a new random API key and prints it once, with the `auth.apiKeys`
 * entry that stores only its hash. The key itself is never stored by the gateway.
 */
export async function hashKeyCommand(args: string[]): Promise<void> {
  let values: { name?: string | undefined; role?: string | undefined };
  try {
    values = parseArgs({ args, strict: true, options: { name: { type: 'string' }, role: { type: 'string' } } }).values;
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; ${HASH_KEY_USAGE}`);
  }
  const role = values.role ?? 'viewer';
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got "${role}"`);
  const name = values.name ?? 'my-client';
  if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(name)) throw new UsageError(`--name must be 1-64 letters, digits, "_", ".", "@" or "-", got "${name}"`);
  const key = generateApiKey();
  process.stdout.write(
    [
      `API key (shown once; give it to the client, who sends "Authorization: Bearer <key>" or "x-api-key: <key>"):`,
      `  ${key}`,
      '',
      'Add to auth.apiKeys in the gateway config:',
      `  - { name: ${name}, role: ${role as Role}, hash: "${hashApiKey(key)}" }`,
      '',
    ].join('\n'),
  );
}
