import type { NewUser, NotificationPreference, UnifiedUser, UserChanges, WriteResult } from '../model.js';
import type { CallContext, SourceWrites } from '../source.js';
import type { RocksetClient } from './client.js';
import { RocksetWriteClient } from './client-writes.js';
import { assertUserKey, checkNewUser, checkNotificationTypes, checkUserChanges, refused, uniqueInOrder } from './input-rules.js';
import { toCreateUserRequest, toNotificationPreferences, toRejectionError, toUpdateUserRequest, toUser } from './mapping.js';
import { createRoleChanges } from './role-changes.js';

// Which wire field of each request a validation message may name, and its path in the mutation's input.
const CREATE_FIELDS = new Map([
  ['email', ['email']],
  ['roles', ['roles']],
  ['first_name', ['firstName']],
  ['last_name', ['lastName']],
]);
const UPDATE_FIELDS = new Map([
  ['roles', ['roles']],
  ['first_name', ['firstName']],
  ['last_name', ['lastName']],
]);
const PREFERENCE_FIELDS = new Map([
  ['data', ['notificationTypes']],
  ['notificationType', ['notificationTypes']],
]);

/**
 * Rockset's writes for the adapter (contracts/rockset README "Endpoints"; issue 4's table). Every
 * method checks Rockset's rules, then makes its calls; a refused input is `{ ok: false }` with no
 * call. Rockset has no passwords, email changes, user tokens or remote users in its API: those
 * operations are not written here, and the capability guard answers UNSUPPORTED_BY_SOURCE.
 */
export function createRocksetWrites(
  name: string,
  client: RocksetClient,
): Pick<SourceWrites, 'createUser' | 'updateUser' | 'deleteUser' | 'grantRole' | 'revokeRole' | 'setNotificationPreferences'> {
  const writes = new RocksetWriteClient(client);

  return {
    /**
     * One POST /users, never retried. A new user is NEW and comes back without names (Rockset hides
     * them until the invite is accepted; contracts/rockset, the go client's UpdateUser comment), so
     * its display name is its email: that is Rockset's answer, not something to fill in here.
     */
    async createUser(ctx: CallContext, user: NewUser): Promise<WriteResult<UnifiedUser>> {
      const errors = checkNewUser(user);
      if (errors.length > 0) return refused(errors);
      const answer = await writes.createUser(ctx, toCreateUserRequest(user, uniqueInOrder(user.roles ?? [])));
      if (answer.ok) return { ok: true, value: toUser(answer.value, name) };
      if (answer.rejected.taken) return refused([{ field: ['email'], code: 'TAKEN', message: `source "${name}" already has a user with this email` }]);
      return refused([toRejectionError(answer.rejected.message, CREATE_FIELDS, name)]);
    },

    /** One POST /users/{email}; its bare `User` is the new state (names hidden while NEW). */
    async updateUser(ctx: CallContext, nativeId: string, changes: UserChanges): Promise<WriteResult<UnifiedUser>> {
      assertUserKey(name, nativeId);
      const errors = checkUserChanges(changes);
      if (errors.length > 0) return refused(errors);
      const roles = changes.roles === undefined ? undefined : uniqueInOrder(changes.roles);
      const answer = await writes.updateUser(ctx, nativeId, toUpdateUserRequest(changes, roles));
      if (!answer.ok) return refused([toRejectionError(answer.rejected.message, UPDATE_FIELDS, name)]);
      return { ok: true, value: toUser(answer.value, name) };
    },

    /** One DELETE /users/{email}; Rockset answers the deleted user, so no read is needed. */
    async deleteUser(ctx: CallContext, nativeId: string): Promise<WriteResult<UnifiedUser>> {
      assertUserKey(name, nativeId);
      return { ok: true, value: toUser(await writes.deleteUser(ctx, nativeId), name) };
    },

    ...createRoleChanges(name, client, writes),

    /**
     * One POST /users/self/preferences replacing the credential owner's whole list, repeats dropped
     * first. An empty list is allowed: unsubscribed from nothing.
     */
    async setNotificationPreferences(ctx: CallContext, notificationTypes: string[]): Promise<WriteResult<NotificationPreference[]>> {
      const errors = checkNotificationTypes(notificationTypes);
      if (errors.length > 0) return refused(errors);
      const data = uniqueInOrder(notificationTypes).map((notificationType) => ({ notificationType }));
      const answer = await writes.updateUnsubscribePreferences(ctx, data);
      if (!answer.ok) return refused([toRejectionError(answer.rejected.message, PREFERENCE_FIELDS, name)]);
      return { ok: true, value: toNotificationPreferences(answer.value) };
    },
  };
}
