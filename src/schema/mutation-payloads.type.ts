import { Field, ID, ObjectType } from 'type-graphql';
import type { NotificationPreference, UnifiedUser, UserErrorInfo, UserToken } from '../sources/model.js';
import { UserType } from './user.type.js';
import { UserErrorType } from './user-error.type.js';
import { NotificationPreferenceType, UserTokenType } from './user-token.type.js';

/** Every mutation's `input` argument. */
export const MUTATION_INPUT = 'What to change. A problem with it comes back in userErrors, and nothing is sent.';

const USER_ERRORS = 'Why the mutation did not apply, if it did not: input problems and the failure of the source written to. Empty on success.';

/** A payload carrying the changed user: null when userErrors refused the input. */
function userPayload(name: string, userDescription: string) {
  @ObjectType(name, {
    simpleResolvers: true,
    description: `What ${name.replace(/Payload$/, '').replace(/^./, (c) => c.toLowerCase())} did: the user, or userErrors saying why not.`,
  })
  class UserPayload {
    @Field(() => UserType, { nullable: true, description: userDescription })
    user!: UnifiedUser | null;

    @Field(() => [UserErrorType], { description: USER_ERRORS })
    userErrors!: UserErrorInfo[];
  }
  return UserPayload;
}

const CHANGED = 'The user as the source holds them after the change.';
export const CreateUserPayload = userPayload('CreateUserPayload', 'The new user, as the source holds them.');
export const UpdateUserPayload = userPayload('UpdateUserPayload', CHANGED);
export const GrantRolePayload = userPayload('GrantRolePayload', CHANGED);
export const RevokeRolePayload = userPayload('RevokeRolePayload', CHANGED);
export const ChangePasswordPayload = userPayload('ChangePasswordPayload', CHANGED);
export const ChangeMyPasswordPayload = userPayload('ChangeMyPasswordPayload', 'The credential owner, where the source can tell who that is (not DQOps).');
export const RequestEmailChangePayload = userPayload('RequestEmailChangePayload', 'The user, with the pending address in `details.requestedEmail`.');
export const ConfirmEmailChangePayload = userPayload('ConfirmEmailChangePayload', 'The user with the new email, when `userId` was given.');
export const CancelEmailChangePayload = userPayload('CancelEmailChangePayload', CHANGED);
export const SyncRemoteUserPayload = userPayload('SyncRemoteUserPayload', CHANGED);

@ObjectType('DeleteUserPayload', { simpleResolvers: true, description: 'What deleteUser did: the deleted id, or userErrors saying why not.' })
export class DeleteUserPayload {
  @Field(() => ID, { description: 'The id of the user deleted; null when nothing was deleted (see userErrors).', nullable: true }) deletedUserId!:
    | string
    | null;
  @Field(() => UserType, { nullable: true, description: 'The user as last seen before the delete.' }) user!: UnifiedUser | null;
  @Field(() => [UserErrorType], { description: USER_ERRORS }) userErrors!: UserErrorInfo[];
}

@ObjectType('RefreshUserTokenPayload', {
  simpleResolvers: true,
  description: 'What refreshUserToken did: the new token (shown once), or userErrors saying why not.',
})
export class RefreshUserTokenPayload {
  @Field(() => UserTokenType, { nullable: true, description: 'The new token: returned this once, never logged.' }) token!: UserToken | null;
  @Field(() => [UserErrorType], { description: USER_ERRORS }) userErrors!: UserErrorInfo[];
}

@ObjectType('SetNotificationPreferencesPayload', {
  simpleResolvers: true,
  description: 'What setNotificationPreferences did: the new list, or userErrors saying why not.',
})
export class SetNotificationPreferencesPayload {
  @Field(() => [NotificationPreferenceType], {
    description: 'The whole new list, as the source holds it; null when nothing was changed (see userErrors).',
    nullable: true,
  })
  preferences!: NotificationPreference[] | null;
  @Field(() => [UserErrorType], { description: USER_ERRORS }) userErrors!: UserErrorInfo[];
}
