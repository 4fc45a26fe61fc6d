import { unsupportedBySource } from '../../errors.js';
import { type SourceTransportConfig, upstreamClientFor } from '../../http/upstream-client.js';
import type { NotificationPreference, SourceInfo, UnifiedUser, UserToken } from '../model.js';
import type { CallContext, Capability, ListAllAdapter } from '../source.js';
import { ROCKSET_CAPABILITIES } from './capabilities.js';
import { RocksetClient } from './client.js';
import { isUserKey } from './input-rules.js';
import { toNotificationPreferences, toUser } from './mapping.js';
import { createRocksetWrites } from './writes.js';

/**
 * Rockset as a source (Auth.js's `PostgresAdapter(client)`: the client comes in, so a test can
 * point it at the simulator). Rockset lists every user in one call (`listing: 'all'`); a lookup by
 * email is that list filtered: the API has no email filter, and whether `/users/{user}` matches
 * case-insensitively is not documented. Operations outside `info.capabilities` throw
 * UNSUPPORTED_BY_SOURCE before any call, and so do `userToken` and the password, email-change,
 * token and remote-user writes, which Rockset has no endpoint for. The writes are in writes.ts
 * and role-changes.ts. Throws on misuse: `info` for another vendor, or a client for another
 * source name.
 */
export function createRocksetAdapter(info: SourceInfo, client: RocksetClient): ListAllAdapter {
  if (info.vendor !== 'rockset') throw new Error(`createRocksetAdapter needs a source whose vendor is "rockset", but got: ${JSON.stringify(info.vendor)}`);
  if (client.source !== info.name) {
    throw new Error(`createRocksetAdapter needs a client for source ${JSON.stringify(info.name)}, but got one for: ${JSON.stringify(client.source)}`);
  }
  const name = info.name;
  const capabilities = new Set(info.capabilities);
  const ensure = (capability: Capability, operation: string): void => {
    if (!capabilities.has(capability)) throw unsupportedBySource(name, operation);
  };

  return {
    info,
    listing: 'all',

    /** GET /users: every user, one call. */
    async listAllUsers(ctx: CallContext): Promise<UnifiedUser[]> {
      ensure('LIST_USERS', 'listAllUsers');
      return (await client.listUsers(ctx)).map((u) => toUser(u, name));
    },

    /** GET /users/{email}: one call, null on 404; null and no call for a key that cannot be a user (input-rules.ts, NOT_A_USER_KEY). */
    async getUser(ctx: CallContext, nativeId: string): Promise<UnifiedUser | null> {
      ensure('GET_USER', 'getUser');
      if (!isUserKey(nativeId)) return null;
      const wire = await client.getUser(ctx, nativeId);
      return wire ? toUser(wire, name) : null;
    },

    /**
     * GET /users and a case-insensitive exact match on email (Rockset keeps `Grace@Example.com`):
     * one call. Only the matches are mapped, so a bad `created_at` of someone else does not fail it.
     */
    async findUsersByEmail(ctx: CallContext, email: string): Promise<UnifiedUser[]> {
      ensure('GET_USER_BY_EMAIL', 'findUsersByEmail');
      const wanted = email.toLowerCase();
      const users = await client.listUsers(ctx);
      return users.filter((u) => u.email.toLowerCase() === wanted).map((u) => toUser(u, name));
    },

    /** GET /users/self: the credential's owner, one call. */
    async currentUser(ctx: CallContext): Promise<UnifiedUser> {
      ensure('CURRENT_USER', 'currentUser');
      return toUser(await client.getCurrentUser(ctx), name);
    },

    /** Rockset's API has no user tokens: always UNSUPPORTED_BY_SOURCE, never a call. */
    async userToken(_ctx: CallContext, _nativeId: string): Promise<UserToken> {
      throw unsupportedBySource(name, 'userToken');
    },

    /** GET /users/self/preferences: the credential owner's unsubscriptions, one call. */
    async notificationPreferences(ctx: CallContext): Promise<NotificationPreference[]> {
      ensure('NOTIFICATION_PREFERENCES', 'notificationPreferences');
      return toNotificationPreferences(await client.listUnsubscribePreferences(ctx));
    },

    ...createRocksetWrites(name, ensure, client),

    close(): Promise<void> {
      return client.close();
    },
  };
}

/** The Rockset adapter for a configured source: its own UpstreamClient (undici Pool) and client. */
export function createRocksetSourceAdapter(config: SourceTransportConfig): ListAllAdapter {
  const http = upstreamClientFor(config);
  const info: SourceInfo = { name: config.name, vendor: 'rockset', url: config.url, capabilities: ROCKSET_CAPABILITIES };
  return { ...createRocksetAdapter(info, new RocksetClient(http)), health: () => http.policy.snapshot() };
}
