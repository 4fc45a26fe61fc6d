import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Role } from '../config/config-schema.js';
import type { GatewayContext } from '../context.js';
import { encodeUserId } from '../ids/global-id.js';
import { rejectInput, runWrite } from '../mutations/run-write.js';
import { toNewUser, toUserChanges } from '../mutations/to-model.js';
import { InputChecks } from '../mutations/validate-input.js';
import { asUserPayload, type UserPayload, writeOnUser } from '../mutations/write-on-user.js';
import { CreateUserPayload, DeleteUserPayload, MUTATION_INPUT as INPUT, UpdateUserPayload } from '../schema/mutation-payloads.type.js';
import { CreateUserInput, DeleteUserInput, UpdateUserInput } from '../schema/user-mutation.inputs.js';

/** Every mutation is for administrators. */
@Authorized<Role>('admin')
@Resolver()
export class UserMutationResolver {
  @Mutation(() => CreateUserPayload, {
    nullable: true,
    description: 'Creates a user in one source (DQOps POST /api/users, Waldur POST /api/users/, Rockset POST /v1/orgs/self/users).',
  })
  async createUser(@Arg('input', () => CreateUserInput, { description: INPUT }) input: CreateUserInput, @Ctx() ctx: GatewayContext): Promise<UserPayload> {
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
        source: input.source,
        nativeId: input.email,
        call: (a, c) => a.createUser(c, user),
      }),
    );
  }

  @Mutation(() => UpdateUserPayload, { nullable: true, description: "Changes a user's names, roles (DQOps, Rockset: replaced) or Waldur fields." })
  async updateUser(@Arg('input', () => UpdateUserInput, { description: INPUT }) input: UpdateUserInput, @Ctx() ctx: GatewayContext): Promise<UserPayload> {
    const changes = toUserChanges(input);
    return asUserPayload(
      await writeOnUser(ctx, {
        operation: 'updateUser',
        userId: input.userId,
        check: (checks) => {
          checks.name(['firstName'], input.firstName);
          checks.name(['lastName'], input.lastName);
        },
        call: (a, c, nativeId) => a.updateUser(c, nativeId, changes),
      }),
    );
  }

  @Mutation(() => DeleteUserPayload, { nullable: true, description: 'Deletes a user from its source.' })
  async deleteUser(
    @Arg('input', () => DeleteUserInput, { description: INPUT }) input: DeleteUserInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<{ deletedUserId: string | null } & UserPayload> {
    let deleted: string | null = null;
    const outcome = await writeOnUser(ctx, {
      operation: 'deleteUser',
      userId: input.userId,
      call: async (a, c, nativeId) => {
        const result = await a.deleteUser(c, nativeId);
        // The id as the caller gave it (the user's source, the native id decoded from userId).
        if (result.ok) deleted = encodeUserId(result.value.source, nativeId);
        return result;
      },
    });
    return { deletedUserId: outcome.value ? deleted : null, ...asUserPayload(outcome) };
  }
}
