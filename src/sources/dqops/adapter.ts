import type { SourceTransportConfig } from '../../http/upstream-client.js';
import { guardCapabilities } from '../capability-guard.js';
import { configuredAdapter } from '../kit/configured-adapter.js';
import type { SourceInfo, UnifiedUser } from '../model.js';
import type { CallContext, ListAllAdapter } from '../source.js';
import { DQOPS_CAPABILITIES } from './capabilities.js';
import { DqopsClient } from './client.js';
import { DqopsWriteClient } from './client-writes.js';
import { toUser, toUsers } from './mapping.js';
import { createDqopsWrites } from './writes.js';

/**
 * The DQOps adapter: one `GET /api/users` lists everyone (DQOps does not page), and a user is
 * looked up by email. DQOps has no "who am I" endpoint, no user tokens and no notification
 * preferences (contracts/dqops README): those are not written here, and the capability guard
 * answers them with UNSUPPORTED_BY_SOURCE and no call.
 * Writes (writes.ts) create, update and delete users, change account and data-domain roles
 * read-modify-write, and set passwords; DQOps has no email changes, tokens or remote sync.
 *
 * Throws at construction when `info` is not a DQOps source or claims a capability DQOps lacks:
 * a wiring mistake, found at startup rather than on the first query.
 */
export function createDqopsAdapter(info: SourceInfo, client: DqopsClient): ListAllAdapter {
  if (info.vendor !== 'dqops') throw new TypeError(`createDqopsAdapter must be given a dqops source, but got vendor: ${info.vendor}`);
  const source = info.name;

  return guardCapabilities({
    info,
    listing: 'all',

    async listAllUsers(ctx: CallContext): Promise<UnifiedUser[]> {
      return toUsers(await client.listUsers(ctx), source);
    },

    async getUser(ctx: CallContext, nativeId: string): Promise<UnifiedUser | null> {
      // No DQOps user has an empty email, and `/api/users/` would be another endpoint (the list).
      if (nativeId === '') return null;
      const wire = await client.getUser(ctx, nativeId);
      return wire === null ? null : toUser(wire, source);
    },

    async findUsersByEmail(ctx: CallContext, email: string): Promise<UnifiedUser[]> {
      if (email === '') return [];
      // GET /api/users/{email} matches exactly, so a differently cased email would miss; the
      // list costs the same single call and can be matched case-insensitively. Only the matches
      // are mapped, so an unrelated malformed entry does not fail the lookup.
      const wanted = email.toLowerCase();
      const matches = (await client.listUsers(ctx)).filter((u) => typeof u.email === 'string' && u.email.toLowerCase() === wanted);
      return matches.map((wire) => toUser(wire, source));
    },

    ...createDqopsWrites({ source, client, writes: new DqopsWriteClient(client) }),

    close(): Promise<void> {
      return client.close();
    },
  });
}

/** A DQOps adapter with its own connection pool to `config.url`, declaring every DQOps capability. */
export function createDqopsSourceAdapter(config: SourceTransportConfig): ListAllAdapter {
  return configuredAdapter(config, 'dqops', DQOPS_CAPABILITIES, (info, http) => createDqopsAdapter(info, new DqopsClient(http)));
}
