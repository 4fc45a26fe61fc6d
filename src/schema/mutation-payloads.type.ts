import { Field, ID, ObjectType } from 'type-graphql';
import type { NotificationPreference, UnifiedUser, UserErrorInfo, UserToken } from '../sources/model.js';
import { UserType } from './user.type.js';
import { UserErrorType } from './user-error.type.js';
import { NotificationPreferenceType, UserTokenType } from './user-token.type.js';

/** A payload carrying the changed user: null when userErrors refused the input. */
function userPayload(name: string, userDescription: string) {
  @ObjectType(name)
  class UserPayload {
    @Field(() => UserType, { nullable: true, description: userDescription })
    user!: UnifiedUser | null;

    @Field(() => [UserErrorType])
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

@ObjectType('DeleteUserPayload')
export class DeleteUserPayload {
  @Field(() => ID, { nullable: true }) deletedUserId!: string | null;
  @Field(() => UserType, { nullable: true, description: 'The user as last seen before the delete.' }) user!: UnifiedUser | null;
  @Field(() => [UserErrorType]) userErrors!: UserErrorInfo[];
}

@ObjectType('RefreshUserTokenPayload')
export class RefreshUserTokenPayload {
  @Field(() => UserTokenType, { nullable: true, description: 'The new token: returned this once, never logged.' }) token!: UserToken | null;
  @Field(() => [UserErrorType]) userErrors!: UserErrorInfo[];
}

@ObjectType('SetNotificationPreferencesPayload')
export class SetNotificationPreferencesPayload {
  @Field(() => [NotificationPreferenceType], { nullable: true }) preferences!: NotificationPreference[] | null;
  @Field(() => [UserErrorType]) userErrors!: UserErrorInfo[];
}
