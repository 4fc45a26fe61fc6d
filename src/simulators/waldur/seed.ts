import { z } from 'zod';
import { seedErrorFrom } from '../seed.js';
import { isUuidLike } from './identifiers.js';

/**
 * The `waldur` section of a seed file (`test/fixtures/README.md`): records in Waldur's own
 * wire shape plus what the real server keeps but never returns (passwords, role assignments).
 * Fields a record leaves out take Waldur's model defaults.
 */
const uuidString = z.string().refine(isUuidLike, 'must be a UUID (32 hex digits)');
const isoDateTime = z.string().datetime({ offset: true });

const customerSchema = z.object({ uuid: uuidString, name: z.string() }).passthrough();

const projectSchema = z.object({ uuid: uuidString, name: z.string(), customer_uuid: uuidString }).passthrough();

const userSchema = z
  .object({
    uuid: uuidString,
    username: z
      .string()
      .regex(/^[0-9a-z_.@+-]+$/, 'must match ^[0-9a-z_.@+-]+$')
      .max(128),
    email: z.string().default(''),
    first_name: z.string().default(''),
    last_name: z.string().default(''),
    native_name: z.string().default(''),
    job_title: z.string().default(''),
    phone_number: z.string().default(''),
    organization: z.string().default(''),
    civil_number: z.string().nullable().default(null),
    description: z.string().default(''),
    slug: z.string().optional(),
    is_staff: z.boolean().default(false),
    is_active: z.boolean().default(true),
    is_support: z.boolean().default(false),
    is_identity_manager: z.boolean().default(false),
    // core/handlers.py gives every new user WALDUR_CORE['TOKEN_LIFETIME'] (3600 s) when none is set.
    token_lifetime: z.number().int().min(60).nullable().default(3600),
    token: z.string().min(1).optional(),
    // Not part of Waldur's User: when the token was created (`UserAuthToken.created`).
    // Absent means "at simulator start", so a test can seed an already expired token.
    token_created: isoDateTime.optional(),
    registration_method: z.string().default('default'),
    identity_source: z.string().default(''),
    date_joined: isoDateTime.optional(),
    agreement_date: isoDateTime.nullable().default(null),
    notifications_enabled: z.boolean().default(true),
    preferred_language: z.string().default(''),
    affiliations: z.array(z.unknown()).default([]),
    birth_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable()
      .default(null),
    image: z.string().nullable().default(null),
    password: z.string().nullable().default(null),
  })
  .strict();

const roleAssignmentSchema = z
  .object({
    user_uuid: uuidString,
    role: z.string().min(1),
    scope_type: z.enum(['customer', 'project']),
    scope_uuid: uuidString,
    expiration_time: isoDateTime.nullable().default(null),
    created: isoDateTime.optional(),
    created_by_username: z.string().nullable().optional(),
    uuid: uuidString.optional(),
  })
  .strict();

export const waldurSeedSchema = z
  .object({
    customers: z.array(customerSchema).default([]),
    projects: z.array(projectSchema).default([]),
    users: z.array(userSchema).default([]),
    roleAssignments: z.array(roleAssignmentSchema).default([]),
  })
  .strict();

export type WaldurSeed = z.output<typeof waldurSeedSchema>;
export type WaldurSeedUser = WaldurSeed['users'][number];
export type WaldurSeedRoleAssignment = WaldurSeed['roleAssignments'][number];

/** Validates a seed section; `undefined` is an empty instance. Throws a SeedError naming the key path. */
export function parseWaldurSeed(seed: unknown): WaldurSeed {
  const result = waldurSeedSchema.safeParse(seed ?? {});
  if (!result.success) throw seedErrorFrom('waldur', result.error);
  return result.data;
}
