import { registerEnumType } from 'type-graphql';
import { CAPABILITIES, type Capability as CapabilityName } from '../sources/source.js';

export const Capability = Object.fromEntries(CAPABILITIES.map((c) => [c, c])) as { readonly [K in CapabilityName]: K };

const DESCRIPTIONS: Record<CapabilityName, string> = {
  LIST_USERS: 'List every user of the source.',
  GET_USER: 'Read one user by its native id.',
  GET_USER_BY_EMAIL: 'Find a user by email address.',
  CURRENT_USER: 'Read the user the source credential belongs to (`me`).',
  CREATE_USER: 'Create a user (`createUser`).',
  UPDATE_USER: "Change a user's names and other fields (`updateUser`).",
  DELETE_USER: 'Delete a user (`deleteUser`).',
  GRANT_ROLE: 'Give a user a role (`grantRole`).',
  REVOKE_ROLE: 'Take a role from a user (`revokeRole`).',
  CHANGE_PASSWORD: "Set another user's password (`changePassword`).",
  CHANGE_MY_PASSWORD: "Set the credential owner's own password (`changeMyPassword`).",
  EMAIL_CHANGE: 'Request, confirm and cancel an email change.',
  READ_USER_TOKEN: "Read a user's API token (`userToken`).",
  REFRESH_USER_TOKEN: 'Issue a new API token for a user (`refreshUserToken`).',
  SYNC_REMOTE_USER: "Pull a user's details from its remote identity provider (`syncRemoteUser`).",
  NOTIFICATION_PREFERENCES: "Read and set the credential owner's notification preferences.",
};

registerEnumType(Capability, {
  name: 'Capability',
  description: "An operation a source supports. An operation outside a source's capabilities fails with UNSUPPORTED_BY_SOURCE, without calling the source.",
  valuesConfig: Object.fromEntries(CAPABILITIES.map((c) => [c, { description: DESCRIPTIONS[c] }])),
});
