import type { SourceTransportConfig } from '../../http/upstream-client.js';
import { guardCapabilities } from '../capability-guard.js';
import { configuredAdapter } from '../kit/configured-adapter.js';
import type { NotificationPreference, SourceInfo, UnifiedUser } from '../model.js';
import type { CallContext, ListAllAdapter } from '../source.js';
import { ROCKSET_CAPABILITIES } from './capabilities.js';
import { RocksetClient } from './client.js';
import { isUserKey } from './input-rules.js';
import { toNotificationPreferences, toUser } from './mapping.js';
import { createRocksetWrites } from './writes.js';

/**
 * Rockset as a source (Auth.js's `PostgresAdapter(client)`: the client comes in, so a test can
 * point it at the simulator). Rockset lists every user in one call (`listing: 'all'`); a lookup by
 * email is that list filtered: the API has no email filter, and whether `/users/{user}` matches
 * case-insensitively is not documented. `userToken` and the password, email-change, token and
 * remote-user writes have no Rockset endpoint and are not written: the capability guard answers
 * them, and anything outside `info.capabilities`, with UNSUPPORTED_BY_SOURCE. The writes are in writes.ts
 * and role-changes.ts. Throws on misuse: `info` for another vendor, or a client for another
 * source name.
 */
export function createRocksetAdapter(info: SourceInfo, client: RocksetClient): ListAllAdapter {
  if (info.vendor !== 'rockset') throw new Error(`createRocksetAdapter needs a source whose vendor is "rockset", but got: ${JSON.stringify(info.vendor)}`);
  if (client.source !== info.name) {
    throw new Error(`createRocksetAdapter needs a client for source ${JSON.stringify(info.name)}, but got one for: ${JSON.stringify(client.source)}`);
  }
  const name = info.name;

  return guardCapabilities({
    info,
    listing: 'all',

    /** GET /users: every user, one call. */
    async listAllUsers(ctx: CallContext): Promise<UnifiedUser[]> {
      return (await client.listUsers(ctx)).map((u) => toUser(u, name));
    },

    /** GET /users/{email}: one call, null on 404; null and no call for a key that cannot be a user (input-rules.ts, NOT_A_USER_KEY). */
    async getUser(ctx: CallContext, nativeId: string): Promise<UnifiedUser | null> {
      if (!isUserKey(nativeId)) return null;
      const wire = await client.getUser(ctx, nativeId);
      return wire ? toUser(wire, name) : null;
    },

    /**
     * GET /users and a case-insensitive exact match on email (Rockset keeps `Grace@Example.com`):
     * one call. Only the matches are mapped, so a bad `created_at` of someone else does not fail it.
     */
    async findUsersByEmail(ctx: CallContext, email: string): Promise<UnifiedUser[]> {
      const wanted = email.toLowerCase();
      const users = await client.listUsers(ctx);
      return users.filter((u) => u.email.toLowerCase() === wanted).map((u) => toUser(u, name));
    },

    /** GET /users/self: the credential's owner, one call. */
    async currentUser(ctx: CallContext): Promise<UnifiedUser> {
      return toUser(await client.getCurrentUser(ctx), name);
    },

    /** GET /users/self/preferences: the credential owner's unsubscriptions, one call. */
    async notificationPreferences(ctx: CallContext): Promise<NotificationPreference[]> {
      return toNotificationPreferences(await client.listUnsubscribePreferences(ctx));
    },

    ...createRocksetWrites(name, client),

    close(): Promise<void> {
      return client.close();
    },
  });
}

/** The Rockset adapter for a configured source: its own UpstreamClient (undici Pool) and client. */
export function createRocksetSourceAdapter(config: SourceTransportConfig): ListAllAdapter {
  return configuredAdapter(config, 'rockset', ROCKSET_CAPABILITIES, (info, http) => createRocksetAdapter(info, new RocksetClient(http)));
}
