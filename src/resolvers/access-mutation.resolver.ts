import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Role } from '../config/config-schema.js';
import type { GatewayContext } from '../context.js';
import { rejectInput, runWrite } from '../mutations/run-write.js';
import { InputChecks } from '../mutations/validate-input.js';
import { asUserPayload, type UserPayload, writeOnUser } from '../mutations/write-on-user.js';
import { ChangeMyPasswordInput, ChangePasswordInput, GrantRoleInput, RevokeRoleInput } from '../schema/access-mutation.inputs.js';
import {
  ChangeMyPasswordPayload,
  ChangePasswordPayload,
  GrantRolePayload,
  MUTATION_INPUT as INPUT,
  RevokeRolePayload,
} from '../schema/mutation-payloads.type.js';
import type { RoleGrant } from '../sources/model.js';

/** Every mutation is for administrators. */
@Authorized<Role>('admin')
@Resolver()
export class AccessMutationResolver {
  @Mutation(() => GrantRolePayload, {
    nullable: true,
    description: 'Gives a user a role in a scope (DQOps account/data domain, Waldur customer/project, Rockset organization).',
  })
  grantRole(@Arg('input', () => GrantRoleInput, { description: INPUT }) input: GrantRoleInput, @Ctx() ctx: GatewayContext): Promise<UserPayload> {
    return this.#roleChange(ctx, 'grantRole', input, input.expiresAt);
  }

  @Mutation(() => RevokeRolePayload, { nullable: true, description: 'Takes a role in a scope from a user.' })
  revokeRole(@Arg('input', () => RevokeRoleInput, { description: INPUT }) input: RevokeRoleInput, @Ctx() ctx: GatewayContext): Promise<UserPayload> {
    return this.#roleChange(ctx, 'revokeRole', input, undefined);
  }

  @Mutation(() => ChangePasswordPayload, {
    nullable: true,
    description: "Sets another user's password (DQOps, Waldur). At most one password or token mutation per request.",
  })
  async changePassword(
    @Arg('input', () => ChangePasswordInput, { description: INPUT }) input: ChangePasswordInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<UserPayload> {
    const { password } = input;
    return asUserPayload(
      await writeOnUser(ctx, {
        operation: 'changePassword',
        userId: input.userId,
        check: (checks) => checks.password(['password'], password),
        call: (a, c, nativeId) => a.changePassword(c, nativeId, password),
      }),
    );
  }

  @Mutation(() => ChangeMyPasswordPayload, {
    nullable: true,
    description: 'Sets the password of the user the source credential belongs to (DQOps PUT /api/mypassword; Waldur me + change_password).',
  })
  async changeMyPassword(
    @Arg('input', () => ChangeMyPasswordInput, { description: INPUT }) input: ChangeMyPasswordInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<UserPayload> {
    const checks = new InputChecks();
    checks.source(['source'], input.source, ctx);
    checks.password(['password'], input.password);
    if (!checks.ok) return asUserPayload(rejectInput(ctx, 'changeMyPassword', input.source, checks.errors));
    const { password } = input;
    return asUserPayload(
      await runWrite(ctx, {
        operation: 'changeMyPassword',
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
    const grant: RoleGrant = { role: input.role, scope: { kind: input.scope.kind, id: input.scope.id ?? null } };
    if (expiresAt !== undefined) grant.expiresAt = expiresAt;
    return asUserPayload(
      await writeOnUser(ctx, {
        operation,
        userId: input.userId,
        check: (checks, source) => {
          checks.nonEmpty(['role'], input.role);
          checks.future(['expiresAt'], expiresAt, new Date());
          // Revoking takes any role the user holds (custom ones too); granting only what Source.roles lists.
          if (operation === 'grantRole') checks.grantable(ctx.sources.find((s) => s.name === source)?.vendor, input.role, input.scope.kind);
        },
        call: (a, c, nativeId) => (operation === 'grantRole' ? a.grantRole(c, nativeId, grant) : a.revokeRole(c, nativeId, grant)),
      }),
    );
  }
}
