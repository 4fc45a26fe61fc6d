import { createHash } from 'node:crypto';
import { SeedError } from '../seed.js';
import { parseSeedDateTime } from './datetime.js';
import { generateSlug, normalizeUuid } from './identifiers.js';
import type { CustomerRecord, ProjectRecord, RoleAssignmentRecord, TokenRecord, UserRecord } from './records.js';
import { roleByName } from './roles.js';
import type { WaldurSeed, WaldurSeedUser } from './seed.js';

export interface LoadedSeed {
  users: Map<string, UserRecord>;
  tokens: Map<string, TokenRecord>;
  customers: Map<string, CustomerRecord>;
  projects: Map<string, ProjectRecord>;
  roles: RoleAssignmentRecord[];
}

/**
 * Turns a validated seed section into state, checking what zod cannot: references between
 * records and uniqueness. A problem throws a SeedError naming the key path, like zod's.
 */
export function loadSeed(seed: WaldurSeed, now: number): LoadedSeed {
  const customers = new Map<string, CustomerRecord>();
  seed.customers.forEach((c, i) => {
    const uuid = uuidOf(c.uuid);
    if (customers.has(uuid)) fail(`customers[${i}].uuid`, 'duplicate customer uuid');
    customers.set(uuid, { uuid, name: c.name });
  });

  const projects = new Map<string, ProjectRecord>();
  seed.projects.forEach((p, i) => {
    const uuid = uuidOf(p.uuid);
    const customer = uuidOf(p.customer_uuid);
    if (projects.has(uuid)) fail(`projects[${i}].uuid`, 'duplicate project uuid');
    if (!customers.has(customer)) fail(`projects[${i}].customer_uuid`, `no customer with uuid ${p.customer_uuid}`);
    projects.set(uuid, { uuid, name: p.name, customer_uuid: customer });
  });

  const users = new Map<string, UserRecord>();
  const tokens = new Map<string, TokenRecord>();
  const byUsername = new Map<string, string>();
  seed.users.forEach((u, i) => {
    const record = toUserRecord(
      u,
      now,
      [...users.values()].map((x) => x.slug),
    );
    if (users.has(record.uuid)) fail(`users[${i}].uuid`, 'duplicate user uuid');
    if (byUsername.has(record.username)) fail(`users[${i}].username`, `duplicate username ${record.username}`);
    users.set(record.uuid, record);
    byUsername.set(record.username, record.uuid);
    if (u.token !== undefined) {
      if (tokens.has(u.token)) fail(`users[${i}].token`, 'two users share one token');
      tokens.set(u.token, { key: u.token, user_uuid: record.uuid, created: u.token_created ? parseSeedDateTime(u.token_created) : now });
    }
  });

  const roles = seed.roleAssignments.map((a, i): RoleAssignmentRecord => {
    const path = `roleAssignments[${i}]`;
    const role = roleByName(a.role);
    if (!role) fail(`${path}.role`, `unknown role ${a.role}`);
    if (role.scopeType !== a.scope_type) fail(`${path}.role`, `${a.role} is not valid for a ${a.scope_type}`);
    const userUuid = uuidOf(a.user_uuid);
    if (!users.has(userUuid)) fail(`${path}.user_uuid`, `no user with uuid ${a.user_uuid}`);
    const scopeUuid = uuidOf(a.scope_uuid);
    if (!(a.scope_type === 'customer' ? customers : projects).has(scopeUuid)) {
      fail(`${path}.scope_uuid`, `no ${a.scope_type} with uuid ${a.scope_uuid}`);
    }
    let createdBy: string | null = null;
    if (a.created_by_username) {
      createdBy = byUsername.get(a.created_by_username) ?? null;
      if (createdBy === null) fail(`${path}.created_by_username`, `no user named ${a.created_by_username}`);
    }
    return {
      // Stable across resets, so a test or a demo can refer to a grant's uuid.
      uuid: a.uuid ? uuidOf(a.uuid) : createHash('md5').update(`${userUuid}:${role.name}:${scopeUuid}`).digest('hex'),
      user_uuid: userUuid,
      role: role.name,
      scope_type: a.scope_type,
      scope_uuid: scopeUuid,
      expiration_time: a.expiration_time === null ? null : parseSeedDateTime(a.expiration_time),
      created: a.created ? parseSeedDateTime(a.created) : now,
      created_by_uuid: createdBy,
      is_active: true,
    };
  });

  return { users, tokens, customers, projects, roles };
}

function toUserRecord(u: WaldurSeedUser, now: number, slugs: string[]): UserRecord {
  const { token: _token, token_created: _created, slug, date_joined, agreement_date, uuid, ...fields } = u;
  return {
    ...fields,
    uuid: uuidOf(uuid),
    slug: slug ?? generateSlug(u.username, slugs),
    date_joined: date_joined ? parseSeedDateTime(date_joined) : now,
    agreement_date: agreement_date === null ? null : parseSeedDateTime(agreement_date),
  };
}

function uuidOf(text: string): string {
  return normalizeUuid(text) as string; // the zod schema already required UUID-like values
}

function fail(path: string, reason: string): never {
  throw new SeedError(`invalid seed: waldur.${path}: ${reason}`);
}
