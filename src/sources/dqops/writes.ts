import { bindDeps } from '../kit/configured-adapter.js';
import type { SourceWrites } from '../source.js';
import { changeMyPassword, changePassword, grantRole, revokeRole } from './access-writes.js';
import { createUser, deleteUser, updateUser } from './user-writes.js';
import type { DqopsWriteDeps } from './write-steps.js';

export type { DqopsWriteDeps } from './write-steps.js';

/** The writes DQOps has endpoints for. */
type DqopsWrites = Pick<SourceWrites, 'createUser' | 'updateUser' | 'deleteUser' | 'grantRole' | 'revokeRole' | 'changePassword' | 'changeMyPassword'>;

/**
 * The adapter's write methods (source.ts states their contract). DQOps answers writes with empty
 * bodies (contracts/dqops README), so every write that returns a user re-reads it with
 * `GET /api/users/{email}`. Role changes read the user fresh inside the call, then PUT the whole
 * model; the gateway serializes writes per user. Email changes, tokens, remote sync and
 * notification preferences do not exist on DQOps and are not written here.
 */
export function createDqopsWrites(deps: DqopsWriteDeps): DqopsWrites {
  return bindDeps(deps, { createUser, updateUser, deleteUser, grantRole, revokeRole, changePassword, changeMyPassword });
}
