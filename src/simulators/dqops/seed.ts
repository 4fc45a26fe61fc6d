import { z } from 'zod';
import { seedErrorFrom } from '../seed.js';

/** `DqoUserRole` from the instance swagger: lower case, `none` meaning no access. */
export const DQOPS_ROLES = ['admin', 'editor', 'operator', 'viewer', 'none'] as const;
export type DqopsRole = (typeof DQOPS_ROLES)[number];

/** The root data domain as the instance API names it (the cloud calls it ""): contracts/dqops README. */
export const ROOT_DATA_DOMAIN = '(default)';

const roleSchema = z.enum(DQOPS_ROLES);

const userSchema = z
  .object({
    email: z.string().min(1),
    accountRole: roleSchema,
    dataDomainRoles: z.record(z.string(), roleSchema).default({}),
    // Kept by the server, never returned by its API; null for a user created without one.
    password: z.string().nullable().default(null),
  })
  .strict();

const apiKeySchema = z.object({ key: z.string().min(1), email: z.string().min(1) }).strict();

/**
 * The `dqops` section of a seed file (`test/fixtures/README.md`).
 * `userLimit` is an addition to the shared format: the account's user limit, so that the
 * create endpoint's 400 can be reached; absent means unlimited.
 */
export const dqopsSeedSchema = z
  .object({
    dataDomains: z.array(z.string().min(1)).default([ROOT_DATA_DOMAIN]),
    users: z.array(userSchema).default([]),
    apiKeys: z.array(apiKeySchema).default([]),
    userLimit: z.number().int().min(0).optional(),
  })
  .strict()
  .superRefine((seed, ctx) => {
    const domains = new Set<string>();
    seed.dataDomains.forEach((domain, i) => {
      if (domains.has(domain)) ctx.addIssue({ code: 'custom', path: ['dataDomains', i], message: `duplicate data domain "${domain}"` });
      domains.add(domain);
    });
    const emails = new Set<string>();
    seed.users.forEach((user, i) => {
      if (emails.has(user.email)) ctx.addIssue({ code: 'custom', path: ['users', i, 'email'], message: `duplicate user "${user.email}"` });
      emails.add(user.email);
      for (const domain of Object.keys(user.dataDomainRoles)) {
        if (!domains.has(domain)) {
          ctx.addIssue({
            code: 'custom',
            path: ['users', i, 'dataDomainRoles', domain],
            message: `"${domain}" is not one of dataDomains (${[...domains].join(', ')})`,
          });
        }
      }
    });
    const keys = new Set<string>();
    seed.apiKeys.forEach((apiKey, i) => {
      if (keys.has(apiKey.key)) ctx.addIssue({ code: 'custom', path: ['apiKeys', i, 'key'], message: 'duplicate API key' });
      keys.add(apiKey.key);
      if (!emails.has(apiKey.email)) ctx.addIssue({ code: 'custom', path: ['apiKeys', i, 'email'], message: `"${apiKey.email}" is not a seeded user` });
    });
  });

export type DqopsSeed = z.output<typeof dqopsSeedSchema>;

/** Validates a `dqops` seed section; `undefined` is an empty instance with only the root domain. Throws a SeedError. */
export function parseDqopsSeed(seed: unknown): DqopsSeed {
  const parsed = dqopsSeedSchema.safeParse(seed ?? {});
  if (!parsed.success) throw seedErrorFrom('dqops', parsed.error);
  return parsed.data;
}
