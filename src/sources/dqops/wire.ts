import { z } from 'zod/v4';

/**
 * DQOps instance API shapes exactly as sent (contracts/dqops `dqops-users-swagger2.json`).
 *
 * `DqoUserRolesModel` has no `required` list, and its Java fields (`email`, `accountRole`,
 * `dataDomainRoles`) are plain nullable references serialized by Jackson, so each may be absent
 * or null. Roles are kept as open strings, not the `DqoUserRole` enum: an unknown role maps to
 * NONE in mapping.ts instead of failing the whole list. Extra fields pass through.
 */
export const dqopsUserRolesModelSchema = z.looseObject({
  /** "User's email that identifies the user." The native id; mapping.ts requires it. */
  email: z.string().nullish(),
  /** `admin`, `editor`, `operator`, `viewer` or `none`. */
  accountRole: z.string().nullish(),
  /** Domain name → role; on read DQOps fills every domain the user has no role in with `none`. */
  dataDomainRoles: z.record(z.string(), z.string().nullable()).nullish(),
});

export type DqopsUserRolesModel = z.infer<typeof dqopsUserRolesModelSchema>;

/**
 * The `DqoUserRolesModel` usergraph sends to `POST /api/users` and `PUT /api/users/{email}`: every
 * field set, because the PUT replaces the whole model (contracts/dqops README). `none` entries may
 * be sent; DQOps drops them on write.
 */
export interface DqopsUserRolesWrite {
  email: string;
  accountRole: string;
  dataDomainRoles: Record<string, string>;
}

/** `GET /api/users`: a bare JSON array, sorted by email (contracts/dqops README). */
export const dqopsUserListSchema = z.array(dqopsUserRolesModelSchema);

export type DqopsUserList = z.infer<typeof dqopsUserListSchema>;
