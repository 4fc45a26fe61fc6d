import type { WaldurPermission, WaldurUser } from '../../../../src/sources/waldur/wire.js';

/**
 * Waldur 7.9.8 wire records shaped as the server sends them to a staff viewer, built from the
 * reference seed (test/fixtures/reference-seed.json). Tests override what they exercise.
 */
export const UUIDS = {
  ada: '90c16ecbbc3c59f8945b7a58f79e3b2e',
  grace: 'c7974533e54b5db2a307dc839f00b21c',
  alan: 'ec5ce0354725569fb8cef240d34bda7d',
  barbara: '48e2156f6fef57b3bb4b8d75151de139',
  linus: 'b56b3da4685e52dd81e27ca4e7086417',
  analyst01: '2329d4e8ca895f23bceb03e9cd520a5e',
  analyticalEngines: 'f78d2c42abff5f2da55156ab89145ca6',
  bletchley: 'bfc758b50f7c506186459e597dc91785',
  enigma: '5a862373852955fe92aa5bb15992f908',
  compilers: 'cd93c7490b405711bfe7bc33d832effa',
} as const;

const ROLE_UUIDS: Record<string, string> = {
  'CUSTOMER.OWNER': '0f4a3b4c9d7e4d3e8a1b2c3d4e5f6071',
  'CUSTOMER.SUPPORT': '1f4a3b4c9d7e4d3e8a1b2c3d4e5f6072',
  'PROJECT.MEMBER': '2f4a3b4c9d7e4d3e8a1b2c3d4e5f6073',
  'PROJECT.ADMIN': '3f4a3b4c9d7e4d3e8a1b2c3d4e5f6074',
};

export function wirePermission(overrides: Partial<WaldurPermission> & Pick<WaldurPermission, 'role_name'>): WaldurPermission {
  return {
    user_uuid: UUIDS.ada,
    user_name: 'Ada Lovelace',
    user_slug: 'ada',
    created: '2023-01-01T00:00:00Z',
    expiration_time: null,
    created_by_full_name: 'Ada Lovelace',
    created_by_username: 'ada',
    role_description: '',
    role_uuid: ROLE_UUIDS[overrides.role_name] ?? '9f4a3b4c9d7e4d3e8a1b2c3d4e5f6079',
    scope_type: 'customer',
    scope_uuid: UUIDS.analyticalEngines,
    scope_name: 'Analytical Engines Ltd',
    customer_uuid: UUIDS.analyticalEngines,
    customer_name: 'Analytical Engines Ltd',
    ...overrides,
  };
}

/** A full 37-property `User`; `username` and `uuid` name the seed user. */
export function wireUser(overrides: Partial<WaldurUser> & Pick<WaldurUser, 'uuid' | 'username'>): WaldurUser {
  return {
    url: `http://127.0.0.1:8000/api/users/${overrides.uuid}/`,
    slug: overrides.username,
    full_name: '',
    native_name: '',
    job_title: '',
    email: `${overrides.username}@example.com`,
    phone_number: '',
    organization: '',
    civil_number: null,
    description: '',
    is_staff: false,
    is_active: true,
    is_support: false,
    token_expires_at: null,
    registration_method: 'default',
    date_joined: '2022-05-01T08:00:00Z',
    agreement_date: '2022-05-01T08:05:00Z',
    notifications_enabled: true,
    preferred_language: 'en',
    permissions: [],
    requested_email: null,
    affiliations: [],
    first_name: '',
    last_name: '',
    birth_date: null,
    identity_provider_name: 'Local DB',
    identity_provider_label: 'Local DB',
    identity_provider_management_url: '',
    identity_provider_fields: [],
    image: null,
    identity_source: '',
    has_active_session: true,
    ip_address: null,
    ...overrides,
  };
}

export const ada = (): WaldurUser =>
  wireUser({
    uuid: UUIDS.ada,
    username: 'ada',
    full_name: 'Ada Lovelace',
    first_name: 'Ada',
    last_name: 'Lovelace',
    job_title: 'Countess',
    organization: 'Analytical Engines Ltd',
    is_staff: true,
    // Ada reads her own record: the token and its lifetime are shown to her alone.
    token: 'waldur-token-ada',
    token_lifetime: 3600,
    token_expires_at: '2026-07-01T09:00:00Z',
    permissions: [wirePermission({ role_name: 'CUSTOMER.OWNER', role_description: 'Customer owner' })],
  });

export const barbara = (): WaldurUser =>
  wireUser({ uuid: UUIDS.barbara, username: 'barbara', full_name: 'Barbara Liskov', first_name: 'Barbara', last_name: 'Liskov', is_support: true });

export const alan = (): WaldurUser =>
  wireUser({
    uuid: UUIDS.alan,
    username: 'alan',
    full_name: 'Alan Turing',
    first_name: 'Alan',
    last_name: 'Turing',
    organization: 'Bletchley Park',
    permissions: [
      wirePermission({
        user_uuid: UUIDS.alan,
        user_name: 'Alan Turing',
        user_slug: 'alan',
        role_name: 'PROJECT.MEMBER',
        expiration_time: '2027-06-30T00:00:00Z',
        scope_type: 'project',
        scope_uuid: UUIDS.enigma,
        scope_name: 'Enigma',
        customer_uuid: UUIDS.bletchley,
        customer_name: 'Bletchley Park',
      }),
      wirePermission({
        user_uuid: UUIDS.alan,
        user_name: 'Alan Turing',
        user_slug: 'alan',
        role_name: 'CUSTOMER.SUPPORT',
        scope_uuid: UUIDS.bletchley,
        scope_name: 'Bletchley Park',
        customer_uuid: UUIDS.bletchley,
        customer_name: 'Bletchley Park',
      }),
    ],
  });

export const linus = (): WaldurUser =>
  wireUser({
    uuid: UUIDS.linus,
    username: 'linus',
    email: 'linus@example.org',
    full_name: 'Linus Torvalds',
    first_name: 'Linus',
    last_name: 'Torvalds',
    is_active: false,
    agreement_date: null,
    has_active_session: false,
  });

export const analyst01 = (): WaldurUser =>
  wireUser({
    uuid: UUIDS.analyst01,
    username: 'analyst01',
    full_name: 'Analyst No. 1',
    first_name: 'Analyst',
    last_name: 'No. 1',
    organization: 'Bletchley Park',
    registration_method: 'eduteams',
    identity_provider_name: '',
    identity_provider_label: '',
    permissions: [
      wirePermission({
        user_uuid: UUIDS.analyst01,
        user_name: 'Analyst No. 1',
        user_slug: 'analyst01',
        role_name: 'PROJECT.MEMBER',
        created_by_full_name: 'Alan Turing',
        created_by_username: 'alan',
        scope_type: 'project',
        scope_uuid: UUIDS.enigma,
        scope_name: 'Enigma',
        customer_uuid: UUIDS.bletchley,
        customer_name: 'Bletchley Park',
      }),
    ],
  });
