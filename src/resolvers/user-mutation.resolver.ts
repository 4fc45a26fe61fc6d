import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Role } from '../config/config-schema.js';
import type { GatewayContext } from '../context.js';
import { encodeUserId } from '../ids/global-id.js';
import { rejectInput, runWrite, type WriteOutcome } from '../mutations/run-write.js';
import { toNewUser, toUserChanges } from '../mutations/to-model.js';
import { InputChecks } from '../mutations/validate-input.js';
import { CreateUserPayload, DeleteUserPayload, UpdateUserPayload } from '../schema/mutation-payloads.type.js';
import { CreateUserInput, DeleteUserInput, UpdateUserInput } from '../schema/user-mutation.inputs.js';
import type { UnifiedUser, UserErrorInfo } from '../sources/model.js';

type UserPayload = { user: UnifiedUser | null; userErrors: UserErrorInfo[] };

const asUserPayload = (o: WriteOutcome<UnifiedUser>): UserPayload => ({ user: o.value, userErrors: o.userErrors });

/** Every mutation is for administrators. */
@Authorized<Role>('admin')
@Resolver()
export class UserMutationResolver {
  @Mutation(() => CreateUserPayload, {
    description: 'Creates a user in one source (DQOps POST /api/users, Waldur POST /api/users/, Rockset POST /v1/orgs/self/users).',
  })
  async createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: GatewayContext): Promise<UserPayload> {
    const checks = new InputChecks();
    checks.source(['source'], input.source, ctx);
    checks.email(['email'], input.email);
    checks.name(['firstName'], input.firstName);
    checks.name(['lastName'], input.lastName);
    if (!checks.ok) return asUserPayload(rejectInput(ctx, 'createUser', input.source, checks.errors));
    const user = toNewUser(input);
    return asUserPayload(
      await runWrite(ctx, {
        operation: 'createUser',
        capability: 'CREATE_USER',
        source: input.source,
        nativeId: input.email,
        call: (a, c) => a.createUser(c, user),
      }),
    );
  }

  @Mutation(() => UpdateUserPayload, { description: "Changes a user's names, roles (DQOps, Rockset: replaced) or Waldur fields." })
  async updateUser(@Arg('input', () => UpdateUserInput) input: UpdateUserInput, @Ctx() ctx: GatewayContext): Promise<UserPayload> {
    const checks = new InputChecks();
    const id = checks.userId(['userId'], input.userId);
    checks.name(['firstName'], input.firstName);
    checks.name(['lastName'], input.lastName);
    if (!id || !checks.ok || !checks.source(['userId'], id.source, ctx))
      return asUserPayload(rejectInput(ctx, 'updateUser', id?.source ?? null, checks.errors));
    const changes = toUserChanges(input);
    return asUserPayload(
      await runWrite(ctx, {
        operation: 'updateUser',
        capability: 'UPDATE_USER',
        source: id.source,
        nativeId: id.nativeId,
        call: (a, c) => a.updateUser(c, id.nativeId, changes),
      }),
    );
  }

  @Mutation(() => DeleteUserPayload, { description: 'Deletes a user from its source.' })
  async deleteUser(
    @Arg('input', () => DeleteUserInput) input: DeleteUserInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<{ deletedUserId: string | null } & UserPayload> {
    const checks = new InputChecks();
    const id = checks.userId(['userId'], input.userId);
    if (!id || !checks.source(['userId'], id.source, ctx))
      return { deletedUserId: null, ...asUserPayload(rejectInput(ctx, 'deleteUser', id?.source ?? null, checks.errors)) };
    const outcome = await runWrite(ctx, {
      operation: 'deleteUser',
      capability: 'DELETE_USER',
      source: id.source,
      nativeId: id.nativeId,
      call: (a, c) => a.deleteUser(c, id.nativeId),
    });
    return { deletedUserId: outcome.value ? encodeUserId(id.source, id.nativeId) : null, ...asUserPayload(outcome) };
  }
}
