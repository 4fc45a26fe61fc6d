import { bindDeps } from '../kit/configured-adapter.js';
import type { SourceWrites } from '../source.js';
import { changeMyPassword, changePassword, refreshUserToken, syncRemoteUser } from './account-actions.js';
import { cancelEmailChange, confirmEmailChange, requestEmailChange } from './email-change.js';
import { grantRole, revokeRole } from './role-changes.js';
import type { WaldurWriteDeps } from './user-lookup.js';
import { createUser, deleteUser, updateUser } from './user-writes.js';

/**
 * The Waldur adapter's writes (source.ts has the contract), bound to one source. Each checks
 * Waldur's own rules first (userErrors, no call), then calls; a native id that cannot be a uuid
 * is NOT_FOUND with no call, as for the reads. The modules behind each method state its calls.
 * Waldur has no notification preferences: left out, so the capability guard answers it.
 */
export function createWaldurWrites(deps: WaldurWriteDeps): Omit<SourceWrites, 'setNotificationPreferences'> {
  return bindDeps(deps, {
    createUser,
    updateUser,
    deleteUser,
    grantRole,
    revokeRole,
    changePassword,
    changeMyPassword,
    requestEmailChange,
    confirmEmailChange,
    cancelEmailChange,
    refreshUserToken,
    syncRemoteUser,
  });
}
