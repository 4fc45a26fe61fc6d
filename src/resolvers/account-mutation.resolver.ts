import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Role } from '../config/config-schema.js';
import type { GatewayContext } from '../context.js';
import { rejectInput, runWrite } from '../mutations/run-write.js';
import { InputChecks } from '../mutations/validate-input.js';
import { type UserPayload, writeOnUser } from '../mutations/write-on-user.js';
import { ConfirmEmailChangeInput, RequestEmailChangeInput, SetNotificationPreferencesInput } from '../schema/access-mutation.inputs.js';
import {
  CancelEmailChangePayload,
  ConfirmEmailChangePayload,
  MUTATION_INPUT as INPUT,
  RefreshUserTokenPayload,
  RequestEmailChangePayload,
  SetNotificationPreferencesPayload,
  SyncRemoteUserPayload,
} from '../schema/mutation-payloads.type.js';
import { CancelEmailChangeInput, RefreshUserTokenInput, SyncRemoteUserInput } from '../schema/user-mutation.inputs.js';
import type { NotificationPreference, UserErrorInfo, UserToken } from '../sources/model.js';
import { serviceAccountRefusal } from './service-account-guard.js';

/** A userError when the user owns the gateway's own credential for a token-bearing source; bad ids are left to the usual checks. */
async function refreshRefusal(ctx: GatewayContext, userId: string): Promise<{ source: string; error: UserErrorInfo } | undefined> {
  const id = new InputChecks().userId(['userId'], userId);
  if (!id || !ctx.sources.some((s) => s.name === id.source && s.capabilities.includes('REFRESH_USER_TOKEN'))) return undefined;
  const message = await serviceAccountRefusal(ctx, id.source, id.nativeId);
  return message ? { source: id.source, error: { field: ['userId'], message, code: 'NOT_ALLOWED' } } : undefined;
}

/** Every mutation is for administrators. */
@Authorized<Role>('admin')
@Resolver()
export class AccountMutationResolver {
  @Mutation(() => RequestEmailChangePayload, { nullable: true, description: 'Asks for an email change (Waldur change_email): a code goes to the new address.' })
  async requestEmailChange(
    @Arg('input', () => RequestEmailChangeInput, { description: INPUT }) input: RequestEmailChangeInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<UserPayload> {
    const o = await writeOnUser(ctx, {
      operation: 'requestEmailChange',
      userId: input.userId,
      check: (c) => c.email(['email'], input.email),
      call: (a, c, id) => a.requestEmailChange(c, id, input.email),
    });
    return { user: o.value, userErrors: o.userErrors };
  }

  @Mutation(() => ConfirmEmailChangePayload, { nullable: true, description: 'Confirms an email change with the emailed code (Waldur confirm_email).' })
  async confirmEmailChange(
    @Arg('input', () => ConfirmEmailChangeInput, { description: INPUT }) input: ConfirmEmailChangeInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<UserPayload> {
    const checks = new InputChecks();
    checks.source(['source'], input.source, ctx);
    checks.nonEmpty(['code'], input.code);
    const id = input.userId ? checks.userId(['userId'], input.userId) : undefined;
    if (id && id.source !== input.source) checks.add(['userId'], `the user is in source "${id.source}", not "${input.source}"`, 'INVALID');
    if (!checks.ok) return { user: null, userErrors: rejectInput(ctx, 'confirmEmailChange', input.source, checks.errors).userErrors };
    const o = await runWrite(ctx, {
      operation: 'confirmEmailChange',
      source: input.source,
      nativeId: id?.nativeId ?? null,
      call: (a, c) => a.confirmEmailChange(c, input.code),
    });
    if (o.userErrors.length > 0 || !id) return { user: null, userErrors: o.userErrors };
    return { user: await ctx.loaders.userById.load({ source: id.source, nativeId: id.nativeId }), userErrors: [] };
  }

  @Mutation(() => CancelEmailChangePayload, { nullable: true, description: 'Drops a pending email change (Waldur cancel_change_email).' })
  async cancelEmailChange(
    @Arg('input', () => CancelEmailChangeInput, { description: INPUT }) input: CancelEmailChangeInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<UserPayload> {
    const o = await writeOnUser(ctx, {
      operation: 'cancelEmailChange',
      userId: input.userId,
      check: () => undefined,
      call: (a, c, id) => a.cancelEmailChange(c, id),
    });
    return { user: o.value, userErrors: o.userErrors };
  }

  @Mutation(() => RefreshUserTokenPayload, {
    nullable: true,
    description: 'Issues a new API token (Waldur refresh_token); the old one stops working. The token is returned once and never logged.',
  })
  async refreshUserToken(
    @Arg('input', () => RefreshUserTokenInput, { description: INPUT }) input: RefreshUserTokenInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<{ token: UserToken | null; userErrors: UserErrorInfo[] }> {
    const refused = await refreshRefusal(ctx, input.userId);
    if (refused) return { token: null, userErrors: rejectInput(ctx, 'refreshUserToken', refused.source, [refused.error]).userErrors };
    const o = await writeOnUser(ctx, {
      operation: 'refreshUserToken',
      userId: input.userId,
      check: () => undefined,
      call: (a, c, id) => a.refreshUserToken(c, id),
    });
    return { token: o.value, userErrors: o.userErrors };
  }

  @Mutation(() => SyncRemoteUserPayload, { nullable: true, description: "Pulls the user's details from its identity provider (Waldur pull_remote_user)." })
  async syncRemoteUser(
    @Arg('input', () => SyncRemoteUserInput, { description: INPUT }) input: SyncRemoteUserInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<UserPayload> {
    const o = await writeOnUser(ctx, {
      operation: 'syncRemoteUser',
      userId: input.userId,
      check: () => undefined,
      call: (a, c, id) => a.syncRemoteUser(c, id),
    });
    return { user: o.value, userErrors: o.userErrors };
  }

  @Mutation(() => SetNotificationPreferencesPayload, {
    nullable: true,
    description: "Replaces the credential owner's unsubscribed notification types (Rockset).",
  })
  async setNotificationPreferences(
    @Arg('input', () => SetNotificationPreferencesInput, { description: INPUT }) input: SetNotificationPreferencesInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<{ preferences: NotificationPreference[] | null; userErrors: UserErrorInfo[] }> {
    const checks = new InputChecks();
    checks.source(['source'], input.source, ctx);
    for (const [i, t] of input.notificationTypes.entries()) checks.nonEmpty(['notificationTypes', String(i)], t);
    if (!checks.ok) return { preferences: null, userErrors: rejectInput(ctx, 'setNotificationPreferences', input.source, checks.errors).userErrors };
    const o = await runWrite(ctx, {
      operation: 'setNotificationPreferences',
      source: input.source,
      nativeId: null,
      call: (a, c) => a.setNotificationPreferences(c, input.notificationTypes),
    });
    return { preferences: o.value, userErrors: o.userErrors };
  }
}
