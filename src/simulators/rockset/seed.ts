import { z } from 'zod';
import { seedErrorFrom } from '../seed.js';
import { BUILT_IN_ROLES } from './roles.js';

/**
 * The `rockset` section of a seed file (`test/fixtures/README.md`): users in Rockset's own
 * `User` wire shape, plus what the server keeps but never returns (API keys, preferences).
 */
const userSchema = z
  .object({
    email: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    roles: z.array(z.string().min(1)).default([]),
    // contracts/rockset README: `state` is a free string described as "NEW / ACTIVE".
    state: z.enum(['NEW', 'ACTIVE']).default('ACTIVE'),
    created_at: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/, 'must be an ISO-8601 UTC time such as 2001-08-28T00:23:41Z')
      .optional(),
  })
  .strict();

const apiKeySchema = z.object({ key: z.string().min(1), email: z.string().min(1) }).strict();

const preferenceSchema = z.object({ notificationType: z.string().min(1) }).strict();

export const rocksetSeedSchema = z
  .object({
    users: z.array(userSchema).default([]),
    apiKeys: z.array(apiKeySchema).default([]),
    preferences: z.record(z.string(), z.array(preferenceSchema)).default({}),
    /**
     * Custom role names the org has defined (Rockset's `/v1/orgs/self/roles`); not part of the
     * shared seed format. They may be assigned to users but grant no user-management privilege.
     */
    customRoles: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .superRefine((seed, ctx) => {
    const known = new Set(seed.users.map((u) => u.email.toLowerCase()));
    const roles = new Set([...BUILT_IN_ROLES, ...seed.customRoles]);
    const seen = new Set<string>();
    seed.users.forEach((user, i) => {
      const email = user.email.toLowerCase();
      if (seen.has(email))
        ctx.addIssue({ code: 'custom', path: ['users', i, 'email'], message: `duplicate email ${user.email} (emails are unique whatever their case)` });
      seen.add(email);
      user.roles.forEach((role, j) => {
        if (!roles.has(role)) {
          ctx.addIssue({
            code: 'custom',
            path: ['users', i, 'roles', j],
            message: `unknown role "${role}"; built-in roles are ${BUILT_IN_ROLES.join(', ')}, declare others in customRoles`,
          });
        }
      });
    });
    const keys = new Set<string>();
    seed.apiKeys.forEach((apiKey, i) => {
      if (!known.has(apiKey.email.toLowerCase()))
        ctx.addIssue({ code: 'custom', path: ['apiKeys', i, 'email'], message: `no user with email ${apiKey.email}` });
      if (keys.has(apiKey.key)) ctx.addIssue({ code: 'custom', path: ['apiKeys', i, 'key'], message: 'duplicate API key' });
      keys.add(apiKey.key);
    });
    for (const email of Object.keys(seed.preferences)) {
      if (!known.has(email.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['preferences', email], message: `no user with email ${email}` });
    }
  });

export type RocksetSeed = z.output<typeof rocksetSeedSchema>;
export type RocksetSeedUser = z.output<typeof userSchema>;

/** Validates a seed section; `undefined` is an empty org. Throws a SeedError naming the key path. */
export function parseRocksetSeed(seed: unknown): RocksetSeed {
  const result = rocksetSeedSchema.safeParse(seed ?? {});
  if (!result.success) throw seedErrorFrom('rockset', result.error);
  return result.data;
}
