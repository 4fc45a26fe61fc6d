import { Field, ID, InputType } from 'type-graphql';
import type { DqopsDataDomainRole, WaldurUserFields } from '../sources/model.js';

@InputType('DataDomainRoleInput', { description: 'A DQOps role in one data domain.' })
export class DataDomainRoleInput implements DqopsDataDomainRole {
  @Field(() => String, { description: '`(default)` is the root data domain.' })
  domain!: string;

  @Field(() => String, { description: '`admin`, `editor`, `operator`, `viewer` or `none`.' })
  role!: string;
}

@InputType('WaldurUserFieldsInput', { description: "Waldur's own user fields; any other source refuses them (NOT_ALLOWED)." })
export class WaldurUserFieldsInput implements WaldurUserFields {
  @Field(() => String, { description: "The name in the user's own script.", nullable: true }) nativeName?: string;
  @Field(() => String, { description: 'Job title.', nullable: true }) jobTitle?: string;
  @Field(() => String, { description: "The user's organization, as free text.", nullable: true }) organization?: string;
  @Field(() => String, { description: 'A phone number (personal data).', nullable: true }) phoneNumber?: string;
  @Field(() => String, { description: 'Free text about the user (staff only).', nullable: true }) description?: string;
  @Field(() => String, { description: 'Language code, e.g. `en`.', nullable: true }) preferredLanguage?: string;
  @Field(() => Boolean, { description: 'Whether Waldur emails the user.', nullable: true }) notificationsEnabled?: boolean;
  @Field(() => Boolean, { description: 'Waldur staff: every permission in the installation.', nullable: true }) isStaff?: boolean;
  @Field(() => Boolean, { description: 'Waldur support: read access across the installation.', nullable: true }) isSupport?: boolean;
  @Field(() => Boolean, { description: 'False deactivates the account.', nullable: true }) isActive?: boolean;
}

@InputType('CreateUserInput', { description: 'A new user for one source; fields a vendor does not have are refused (NOT_ALLOWED).' })
export class CreateUserInput {
  @Field(() => String, { description: 'The config name of the source to create the user in.' })
  source!: string;

  @Field(() => String, { description: 'An email address (checked; a bad one is a userError).' })
  email!: string;

  @Field(() => String, { nullable: true, description: 'Waldur only; derived from the email when absent.' })
  username?: string;

  @Field(() => String, { description: 'Given name (at most 150 characters). Rockset hides names until the invitation is accepted.', nullable: true })
  firstName?: string;
  @Field(() => String, { description: 'Family name (at most 150 characters).', nullable: true }) lastName?: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Rockset: the roles (required). DQOps: one role, the account role (`none` when absent). Waldur: use grantRole.',
  })
  roles?: string[];

  @Field(() => [DataDomainRoleInput], { nullable: true, description: 'DQOps only.' })
  dataDomainRoles?: DataDomainRoleInput[];

  @Field(() => WaldurUserFieldsInput, { description: "Waldur's own user fields; any other source refuses them (NOT_ALLOWED).", nullable: true })
  waldur?: WaldurUserFieldsInput;
}

@InputType('UpdateUserInput', { description: 'Given fields change; absent ones stay. Emails change through requestEmailChange.' })
export class UpdateUserInput {
  @Field(() => ID, { description: 'The user (User.id) to change.' }) userId!: string;
  @Field(() => String, { description: 'The new given name (at most 150 characters); absent: unchanged.', nullable: true }) firstName?: string;
  @Field(() => String, { description: 'The new family name (at most 150 characters); absent: unchanged.', nullable: true }) lastName?: string;

  @Field(() => [String], { nullable: true, description: 'Replaces every role (Rockset roles; DQOps: the one account role).' })
  roles?: string[];

  @Field(() => [DataDomainRoleInput], { nullable: true, description: 'DQOps only: replaces the data-domain roles.' })
  dataDomainRoles?: DataDomainRoleInput[];

  @Field(() => WaldurUserFieldsInput, { description: "Waldur's own user fields to change; any other source refuses them (NOT_ALLOWED).", nullable: true })
  waldur?: WaldurUserFieldsInput;
}

/** The input of mutations that name only a user: deleteUser, cancelEmailChange, refreshUserToken, syncRemoteUser. */
function userIdInput(name: string, description: string) {
  @InputType(name, { description })
  class UserIdInput {
    @Field(() => ID, { description: 'The user (User.id) to change.' })
    userId!: string;
  }
  return UserIdInput;
}

export const DeleteUserInput = userIdInput('DeleteUserInput', 'The user to delete.');
export type DeleteUserInput = InstanceType<typeof DeleteUserInput>;
export const CancelEmailChangeInput = userIdInput('CancelEmailChangeInput', "Drops the user's pending email change (Waldur).");
export type CancelEmailChangeInput = InstanceType<typeof CancelEmailChangeInput>;
export const RefreshUserTokenInput = userIdInput('RefreshUserTokenInput', 'Issues a new API token (Waldur); the old one stops working.');
export type RefreshUserTokenInput = InstanceType<typeof RefreshUserTokenInput>;
export const SyncRemoteUserInput = userIdInput('SyncRemoteUserInput', "Pulls the user's details from its identity provider (Waldur).");
export type SyncRemoteUserInput = InstanceType<typeof SyncRemoteUserInput>;
