import type { ScopeType } from './roles.js';

/** What the simulator stores for a user: Waldur's model fields, never the derived ones. Times are epoch ms. */
export interface UserRecord {
  uuid: string;
  username: string;
  slug: string;
  email: string;
  first_name: string;
  last_name: string;
  native_name: string;
  job_title: string;
  phone_number: string;
  organization: string;
  civil_number: string | null;
  description: string;
  is_staff: boolean;
  is_active: boolean;
  is_support: boolean;
  is_identity_manager: boolean;
  token_lifetime: number | null;
  registration_method: string;
  identity_source: string;
  date_joined: number;
  agreement_date: number | null;
  notifications_enabled: boolean;
  preferred_language: string;
  affiliations: unknown[];
  birth_date: string | null;
  image: string | null;
  /** Kept in clear text: the simulator is a test double and `/__sim/state` shows it. */
  password: string | null;
}

/** `rest_framework.authtoken.models.Token`: one per user; `created` slides on use (authentication.py). */
export interface TokenRecord {
  key: string;
  user_uuid: string;
  created: number;
}

export interface CustomerRecord {
  uuid: string;
  name: string;
}

export interface ProjectRecord {
  uuid: string;
  name: string;
  customer_uuid: string;
}

/** `waldur_core.permissions.models.UserRole`; a revoked one stays with `is_active: false`. */
export interface RoleAssignmentRecord {
  uuid: string;
  user_uuid: string;
  role: string;
  scope_type: ScopeType;
  scope_uuid: string;
  expiration_time: number | null;
  created: number;
  created_by_uuid: string | null;
  is_active: boolean;
}

/** `core.ChangeEmailRequest`: at most one per user; its uuid is the confirmation code. */
export interface ChangeEmailRecord {
  uuid: string;
  user_uuid: string;
  email: string;
  created: number;
}

/** An email the real server would have sent: the code a user must confirm. */
export interface OutboxMessage {
  user_uuid: string;
  email: string;
  code: string;
  sent_at: string;
}

export type Scope = { type: 'customer'; record: CustomerRecord } | { type: 'project'; record: ProjectRecord };
