import { unsupportedBySource } from '../../errors.js';
import { type SourceTransportConfig, upstreamClientFor } from '../../http/upstream-client.js';
import type { SourceInfo, UnifiedUser } from '../model.js';
import type { CallContext, Capability, ListAllAdapter } from '../source.js';
import { DQOPS_CAPABILITIES } from './capabilities.js';
import { DqopsClient } from './client.js';
import { DqopsWriteClient } from './client-writes.js';
import { toUser, toUsers } from './mapping.js';
import { createDqopsWrites } from './writes.js';

/**
 * The DQOps adapter: one `GET /api/users` lists everyone (DQOps does not page), and a user is
 * looked up by email. DQOps has no "who am I" endpoint, no user tokens and no notification
 * preferences (contracts/dqops README), so those fail with UNSUPPORTED_BY_SOURCE and no call.
 * Writes (writes.ts) create, update and delete users, change account and data-domain roles
 * read-modify-write, and set passwords; DQOps has no email changes, tokens or remote sync.
 *
 * Throws at construction when `info` is not a DQOps source or claims a capability DQOps lacks:
 * a wiring mistake, found at startup rather than on the first query.
 */
export function createDqopsAdapter(info: SourceInfo, client: DqopsClient): ListAllAdapter {
  if (info.vendor !== 'dqops') throw new TypeError(`createDqopsAdapter must be given a dqops source, but got vendor: ${info.vendor}`);
  const extra = info.capabilities.filter((c) => !DQOPS_CAPABILITIES.includes(c));
  if (extra.length > 0) throw new TypeError(`source "${info.name}": DQOps does not offer ${extra.join(', ')}`);

  const source = info.name;
  const requireCapability = (capability: Capability, operation: string): void => {
    if (!info.capabilities.includes(capability)) throw unsupportedBySource(source, operation);
  };

  return {
    info,
    listing: 'all',

    async listAllUsers(ctx: CallContext): Promise<UnifiedUser[]> {
      requireCapability('LIST_USERS', 'listAllUsers');
      return toUsers(await client.listUsers(ctx), source);
    },

    async getUser(ctx: CallContext, nativeId: string): Promise<UnifiedUser | null> {
      requireCapability('GET_USER', 'getUser');
      // No DQOps user has an empty email, and `/api/users/` would be another endpoint (the list).
      if (nativeId === '') return null;
      const wire = await client.getUser(ctx, nativeId);
      return wire === null ? null : toUser(wire, source);
    },

    async findUsersByEmail(ctx: CallContext, email: string): Promise<UnifiedUser[]> {
      requireCapability('GET_USER_BY_EMAIL', 'findUsersByEmail');
      if (email === '') return [];
      // GET /api/users/{email} matches exactly, so a differently cased email would miss; the
      // list costs the same single call and can be matched case-insensitively. Only the matches
      // are mapped, so an unrelated malformed entry does not fail the lookup.
      const wanted = email.toLowerCase();
      const matches = (await client.listUsers(ctx)).filter((u) => typeof u.email === 'string' && u.email.toLowerCase() === wanted);
      return matches.map((wire) => toUser(wire, source));
    },

    async currentUser(): Promise<UnifiedUser> {
      throw unsupportedBySource(source, 'currentUser');
    },

    async userToken(): Promise<never> {
      throw unsupportedBySource(source, 'userToken');
    },

    async notificationPreferences(): Promise<never> {
      throw unsupportedBySource(source, 'notificationPreferences');
    },

    ...createDqopsWrites({ source, client, writes: new DqopsWriteClient(client), requireCapability }),

    close(): Promise<void> {
      return client.close();
    },
  };
}

/** What createDqopsSourceAdapter needs from a source's config entry. */
/** A DQOps adapter with its own connection pool to `config.url`, declaring every DQOps capability. */
export function createDqopsSourceAdapter(config: SourceTransportConfig): ListAllAdapter {
  const http = upstreamClientFor(config);
  const info: SourceInfo = { name: config.name, vendor: 'dqops', url: config.url, capabilities: DQOPS_CAPABILITIES };
  return { ...createDqopsAdapter(info, new DqopsClient(http)), health: () => http.policy.snapshot() };
}
