import { unsupportedBySource } from '../../errors.js';
import type { NewUser, NotificationPreference, RoleGrant, UnifiedUser, UserChanges, UserToken, WriteResult } from '../model.js';
import type { CallContext, Capability, SourceWrites } from '../source.js';
import { changeMyPassword, changePassword, refreshUserToken, syncRemoteUser } from './account-actions.js';
import { cancelEmailChange, confirmEmailChange, requestEmailChange } from './email-change.js';
import { grantRole, revokeRole } from './role-changes.js';
import type { WaldurWriteDeps } from './user-lookup.js';
import { createUser, deleteUser, updateUser } from './user-writes.js';

/**
 * The Waldur adapter's writes (source.ts has the contract). Each checks its capability first
 * (UNSUPPORTED_BY_SOURCE, no call), then Waldur's own rules (userErrors, no call), then calls.
 * A native id that cannot be a uuid is NOT_FOUND with no call, as for the reads. The modules
 * behind each method state its calls.
 */
export function createWaldurWrites(deps: WaldurWriteDeps & { ensure(capability: Capability, operation: string): void }): SourceWrites {
  const { ensure } = deps;
  return {
    async createUser(ctx: CallContext, user: NewUser): Promise<WriteResult<UnifiedUser>> {
      ensure('CREATE_USER', 'createUser');
      return createUser(deps, ctx, user);
    },
    async updateUser(ctx: CallContext, nativeId: string, changes: UserChanges): Promise<WriteResult<UnifiedUser>> {
      ensure('UPDATE_USER', 'updateUser');
      return updateUser(deps, ctx, nativeId, changes);
    },
    async deleteUser(ctx: CallContext, nativeId: string): Promise<WriteResult<UnifiedUser>> {
      ensure('DELETE_USER', 'deleteUser');
      return deleteUser(deps, ctx, nativeId);
    },
    async grantRole(ctx: CallContext, nativeId: string, grant: RoleGrant): Promise<WriteResult<UnifiedUser>> {
      ensure('GRANT_ROLE', 'grantRole');
      return grantRole(deps, ctx, nativeId, grant);
    },
    async revokeRole(ctx: CallContext, nativeId: string, grant: RoleGrant): Promise<WriteResult<UnifiedUser>> {
      ensure('REVOKE_ROLE', 'revokeRole');
      return revokeRole(deps, ctx, nativeId, grant);
    },
    async changePassword(ctx: CallContext, nativeId: string, password: string): Promise<WriteResult<UnifiedUser>> {
      ensure('CHANGE_PASSWORD', 'changePassword');
      return changePassword(deps, ctx, nativeId, password);
    },
    async changeMyPassword(ctx: CallContext, password: string): Promise<WriteResult<UnifiedUser | null>> {
      ensure('CHANGE_MY_PASSWORD', 'changeMyPassword');
      return changeMyPassword(deps, ctx, password);
    },
    async requestEmailChange(ctx: CallContext, nativeId: string, email: string): Promise<WriteResult<UnifiedUser>> {
      ensure('EMAIL_CHANGE', 'requestEmailChange');
      return requestEmailChange(deps, ctx, nativeId, email);
    },
    async confirmEmailChange(ctx: CallContext, code: string): Promise<WriteResult<null>> {
      ensure('EMAIL_CHANGE', 'confirmEmailChange');
      return confirmEmailChange(deps, ctx, code);
    },
    async cancelEmailChange(ctx: CallContext, nativeId: string): Promise<WriteResult<UnifiedUser>> {
      ensure('EMAIL_CHANGE', 'cancelEmailChange');
      return cancelEmailChange(deps, ctx, nativeId);
    },
    async refreshUserToken(ctx: CallContext, nativeId: string): Promise<WriteResult<UserToken>> {
      ensure('REFRESH_USER_TOKEN', 'refreshUserToken');
      return refreshUserToken(deps, ctx, nativeId);
    },
    async syncRemoteUser(ctx: CallContext, nativeId: string): Promise<WriteResult<UnifiedUser>> {
      ensure('SYNC_REMOTE_USER', 'syncRemoteUser');
      return syncRemoteUser(deps, ctx, nativeId);
    },
    // Rockset's only, whatever a configuration claims: Waldur has no such endpoint.
    async setNotificationPreferences(): Promise<WriteResult<NotificationPreference[]>> {
      throw unsupportedBySource(deps.source, 'setNotificationPreferences');
    },
  };
}
