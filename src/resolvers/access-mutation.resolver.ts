import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Role } from '../config/config-schema.js';
import type { GatewayContext } from '../context.js';
import { rejectInput, runWrite, type WriteOutcome } from '../mutations/run-write.js';
import { InputChecks } from '../mutations/validate-input.js';
import { ChangeMyPasswordInput, ChangePasswordInput, GrantRoleInput, RevokeRoleInput } from '../schema/access-mutation.inputs.js';
import { ChangeMyPasswordPayload, ChangePasswordPayload, GrantRolePayload, RevokeRolePayload } from '../schema/mutation-payloads.type.js';
import type { RoleGrant, UnifiedUser, UserErrorInfo } from '../sources/model.js';

type UserPayload = { user: UnifiedUser | null; userErrors: UserErrorInfo[] };

const asUserPayload = (o: WriteOutcome<UnifiedUser | null>): UserPayload => ({ user: o.value, userErrors: o.userErrors });

/** Every mutation is for administrators. */
@Authorized<Role>('admin')
@Resolver()
export class AccessMutationResolver {
  @Mutation(() => GrantRolePayload, {
    description: 'Gives a user a role in a scope (DQOps account/data domain, Waldur customer/project, Rockset organization).',
  })
  grantRole(@Arg('input', () => GrantRoleInput) input: GrantRoleInput, @Ctx() ctx: GatewayContext): Promise<UserPayload> {
    return this.#roleChange(ctx, 'grantRole', input, input.expiresAt);
  }

  @Mutation(() => RevokeRolePayload, { description: 'Takes a role in a scope from a user.' })
  revokeRole(@Arg('input', () => RevokeRoleInput) input: RevokeRoleInput, @Ctx() ctx: GatewayContext): Promise<UserPayload> {
    return this.#roleChange(ctx, 'revokeRole', input, undefined);
  }

  @Mutation(() => ChangePasswordPayload, { description: "Sets another user's password (DQOps, Waldur). At most one password or token mutation per request." })
  async changePassword(@Arg('input', () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() ctx: GatewayContext): Promise<UserPayload> {
    const checks = new InputChecks();
    const id = checks.userId(['userId'], input.userId);
    checks.password(['password'], input.password);
    if (!id || !checks.ok || !checks.source(['userId'], id.source, ctx))
      return asUserPayload(rejectInput(ctx, 'changePassword', id?.source ?? null, checks.errors));
    const { password } = input;
    return asUserPayload(
      await runWrite(ctx, {
        operation: 'changePassword',
        capability: 'CHANGE_PASSWORD',
        source: id.source,
        nativeId: id.nativeId,
        call: (a, c) => a.changePassword(c, id.nativeId, password),
      }),
    );
  }

  @Mutation(() => ChangeMyPasswordPayload, {
    description: 'Sets the password of the user the source credential belongs to (DQOps PUT /api/mypassword; Waldur me + change_password).',
  })
  async changeMyPassword(@Arg('input', () => ChangeMyPasswordInput) input: ChangeMyPasswordInput, @Ctx() ctx: GatewayContext): Promise<UserPayload> {
    const checks = new InputChecks();
    checks.source(['source'], input.source, ctx);
    checks.password(['password'], input.password);
    if (!checks.ok) return asUserPayload(rejectInput(ctx, 'changeMyPassword', input.source, checks.errors));
    const { password } = input;
    return asUserPayload(
      await runWrite(ctx, {
        operation: 'changeMyPassword',
        capability: 'CHANGE_MY_PASSWORD',
        source: input.source,
        nativeId: null,
        call: (a, c) => a.changeMyPassword(c, password),
      }),
    );
  }

  async #roleChange(
    ctx: GatewayContext,
    operation: 'grantRole' | 'revokeRole',
    input: RevokeRoleInput,
    expiresAt: Date | null | undefined,
  ): Promise<UserPayload> {
    const checks = new InputChecks();
    const id = checks.userId(['userId'], input.userId);
    checks.nonEmpty(['role'], input.role);
    checks.future(['expiresAt'], expiresAt, new Date());
    if (!id || !checks.ok || !checks.source(['userId'], id.source, ctx)) return asUserPayload(rejectInput(ctx, operation, id?.source ?? null, checks.errors));
    const grant: RoleGrant = { role: input.role, scope: { kind: input.scope.kind, id: input.scope.id ?? null } };
    if (expiresAt !== undefined) grant.expiresAt = expiresAt;
    return asUserPayload(
      await runWrite(ctx, {
        operation,
        capability: operation === 'grantRole' ? 'GRANT_ROLE' : 'REVOKE_ROLE',
        source: id.source,
        nativeId: id.nativeId,
        call: (a, c) => (operation === 'grantRole' ? a.grantRole(c, id.nativeId, grant) : a.revokeRole(c, id.nativeId, grant)),
      }),
    );
  }
}
