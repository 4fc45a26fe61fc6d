import { UpstreamError } from '../../errors.js';
import type { NewUser, UnifiedUser, UserErrorInfo, WriteResult } from '../model.js';
import type { CallContext, SourceWrites } from '../source.js';
import type { DqopsClient } from './client.js';
import type { DqopsWriteClient, DqopsWriteOutcome } from './client-writes.js';
import { DQOPS_NO_ROLE, toUser } from './mapping.js';
import { planChanges, planGrant, planRevoke, type RolePlan } from './role-changes.js';
import type { DqopsUserRolesModel, DqopsUserRolesWrite } from './wire.js';
import { accountRoleOf, checkChanges, checkNewUser, checkRoleGrant, toDomainMap } from './input-rules.js';

export interface DqopsWriteDeps {
  source: string;
  client: DqopsClient;
  writes: DqopsWriteClient;
}

/** The writes DQOps has endpoints for. */
type DqopsWrites = Pick<SourceWrites, 'createUser' | 'updateUser' | 'deleteUser' | 'grantRole' | 'revokeRole' | 'changePassword' | 'changeMyPassword'>;

const LIMIT_EXCEEDED: UserErrorInfo = { field: null, code: 'LIMIT_EXCEEDED', message: "the DQOps account's user limit is reached (HTTP 400)" };

/**
 * The adapter's write methods (source.ts states their contract). DQOps answers writes with empty
 * bodies (contracts/dqops README), so every write that returns a user re-reads it with
 * `GET /api/users/{email}`. Role changes read the user fresh inside the call, then PUT the whole
 * model; the gateway serializes writes per user. Email changes, tokens, remote sync and
 * notification preferences do not exist on DQOps and are not written here.
 */
export function createDqopsWrites({ source, client, writes }: DqopsWriteDeps): DqopsWrites {
  const notFound = (cause?: unknown): UpstreamError =>
    new UpstreamError('NOT_FOUND', `source "${source}" has no user with that email`, { source, httpStatus: 404, retryable: false, cause });

  /** GET /api/users/{email}; a missing user (or an empty id, which would address the list) is NOT_FOUND. */
  async function readFresh(ctx: CallContext, nativeId: string): Promise<DqopsUserRolesModel> {
    const wire = nativeId === '' ? null : await client.getUser(ctx, nativeId);
    if (wire === null) throw notFound();
    return wire;
  }

  /**
   * An update or password change of an unknown user is an uncaught exception upstream: a 500, not
   * a 404 (contracts/dqops README). On a 500 one GET tells the two apart; when that GET fails too,
   * the original error stands.
   */
  async function unlessMissing(ctx: CallContext, nativeId: string, write: Promise<DqopsWriteOutcome>): Promise<DqopsWriteOutcome> {
    try {
      return await write;
    } catch (err) {
      if ((err as UpstreamError).code !== 'UPSTREAM_UNAVAILABLE' || (err as UpstreamError).httpStatus !== 500) throw err;
      let exists: boolean;
      try {
        exists = (await client.getUser(ctx, nativeId)) !== null;
      } catch {
        throw err;
      }
      throw exists ? err : notFound(err);
    }
  }

  async function applyPlan(ctx: CallContext, nativeId: string, wire: DqopsUserRolesModel, plan: RolePlan): Promise<WriteResult<UnifiedUser>> {
    if (plan.kind === 'refused') return { ok: false, userErrors: plan.userErrors };
    // Nothing to change: the state just read is the new state, and no PUT is sent.
    if (plan.kind === 'unchanged') return { ok: true, value: toUser(wire, source) };
    const outcome = await unlessMissing(ctx, nativeId, writes.updateUser(ctx, nativeId, plan.model));
    if (outcome === 'limit') return { ok: false, userErrors: [LIMIT_EXCEEDED] };
    return { ok: true, value: toUser(await readFresh(ctx, nativeId), source) };
  }

  return {
    async createUser(ctx, user: NewUser) {
      const userErrors = checkNewUser(user);
      if (userErrors.length > 0) return { ok: false, userErrors };
      // contracts/dqops README: DQOps answers a duplicate with 403 (the cloud's 4xx), which reads
      // as access denied; look first. A user created by someone else between this GET and the
      // POST still ends in UPSTREAM_FORBIDDEN.
      if ((await client.getUser(ctx, user.email)) !== null) {
        return { ok: false, userErrors: [{ field: ['email'], code: 'TAKEN', message: 'this DQOps account already has a user with this email' }] };
      }
      const model: DqopsUserRolesWrite = {
        email: user.email,
        accountRole: accountRoleOf(user.roles) ?? DQOPS_NO_ROLE,
        dataDomainRoles: toDomainMap(user.dataDomainRoles ?? []),
      };
      const outcome = await writes.createUser(ctx, model);
      if (outcome === 'limit') return { ok: false, userErrors: [LIMIT_EXCEEDED] };
      if (outcome === 'rejected')
        return {
          ok: false,
          userErrors: [{ field: ['email'], code: 'INVALID', message: 'DQOps refused the new user (HTTP 406): its email is empty or missing' }],
        };
      const created = await client.getUser(ctx, user.email);
      if (created === null) {
        throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${source}" answered 201 to creating a user but then had no such user`, {
          source,
          httpStatus: 404,
          retryable: false,
        });
      }
      return { ok: true, value: toUser(created, source) };
    },

    async updateUser(ctx, nativeId, changes) {
      const userErrors = checkChanges(changes);
      if (userErrors.length > 0) return { ok: false, userErrors };
      // Read first: the PUT replaces the whole model, and its answer for an unknown user is a 500.
      const wire = await readFresh(ctx, nativeId);
      return applyPlan(ctx, nativeId, wire, planChanges(nativeId, wire, changes));
    },

    async deleteUser(ctx, nativeId) {
      const lastSeen = toUser(await readFresh(ctx, nativeId), source);
      if (!(await writes.deleteUser(ctx, nativeId))) throw notFound();
      return { ok: true, value: lastSeen };
    },

    async grantRole(ctx, nativeId, grant) {
      const userErrors = checkRoleGrant(grant, 'grant');
      if (userErrors.length > 0) return { ok: false, userErrors };
      const wire = await readFresh(ctx, nativeId);
      return applyPlan(ctx, nativeId, wire, planGrant(nativeId, wire, grant));
    },

    async revokeRole(ctx, nativeId, grant) {
      const userErrors = checkRoleGrant(grant, 'revoke');
      if (userErrors.length > 0) return { ok: false, userErrors };
      const wire = await readFresh(ctx, nativeId);
      return applyPlan(ctx, nativeId, wire, planRevoke(nativeId, wire, grant));
    },

    async changePassword(ctx, nativeId, password) {
      if (nativeId === '') throw notFound();
      const outcome = await unlessMissing(ctx, nativeId, writes.setPassword(ctx, nativeId, password));
      if (outcome === 'limit') return { ok: false, userErrors: [LIMIT_EXCEEDED] };
      if (outcome === 'rejected')
        return { ok: false, userErrors: [{ field: ['password'], code: 'INVALID', message: 'DQOps refused the password (HTTP 406): it must not be empty' }] };
      return { ok: true, value: toUser(await readFresh(ctx, nativeId), source) };
    },

    async changeMyPassword(ctx, password) {
      if ((await writes.setMyPassword(ctx, password)) === 'limit') return { ok: false, userErrors: [LIMIT_EXCEEDED] };
      // DQOps has no "who am I" endpoint (README), so the caller's user cannot be returned.
      return { ok: true, value: null };
    },
  };
}
