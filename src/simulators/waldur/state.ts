import { formatDateTime } from './datetime.js';
import { newTokenKey, normalizeUuid } from './identifiers.js';
import type { ChangeEmailRecord, CustomerRecord, OutboxMessage, ProjectRecord, RoleAssignmentRecord, Scope, TokenRecord, UserRecord } from './records.js';
import type { WaldurSeed } from './seed.js';
import { loadSeed } from './seed-loader.js';

/**
 * Everything one Waldur simulator holds. Built from the seed, and rebuilt by `reset()`.
 * Derived values (`url`, `full_name`, `permissions`, ...) are computed when serialized, never stored.
 */
export class WaldurState {
  users = new Map<string, UserRecord>();
  tokens = new Map<string, TokenRecord>();
  customers = new Map<string, CustomerRecord>();
  projects = new Map<string, ProjectRecord>();
  roles: RoleAssignmentRecord[] = [];
  changeEmail = new Map<string, ChangeEmailRecord>();
  outbox: OutboxMessage[] = [];
  readonly #seed: WaldurSeed;
  readonly #clock: () => number;

  constructor(seed: WaldurSeed, clock: () => number = Date.now) {
    this.#seed = seed;
    this.#clock = clock;
    this.reset();
  }

  now(): number {
    return this.#clock();
  }

  /** Back to the seed; seed tokens count as created now (test/fixtures/README.md). */
  reset(): void {
    const loaded = loadSeed(this.#seed, this.now());
    this.users = loaded.users;
    this.tokens = loaded.tokens;
    this.customers = loaded.customers;
    this.projects = loaded.projects;
    this.roles = loaded.roles;
    this.changeEmail = new Map();
    this.outbox = [];
  }

  /** A user by the `{uuid}` in a path, in any form Python's `uuid.UUID` accepts. */
  userByUuid(text: string): UserRecord | undefined {
    const uuid = normalizeUuid(text);
    return uuid === undefined ? undefined : this.users.get(uuid);
  }

  scope(type: 'customer' | 'project', text: string): Scope | undefined {
    const uuid = normalizeUuid(text);
    if (uuid === undefined) return undefined;
    if (type === 'customer') {
      const record = this.customers.get(uuid);
      return record && { type, record };
    }
    const record = this.projects.get(uuid);
    return record && { type, record };
  }

  tokenOf(userUuid: string): TokenRecord | undefined {
    for (const token of this.tokens.values()) if (token.user_uuid === userUuid) return token;
    return undefined;
  }

  /** `refresh_token` and user creation: the old key stops working at once. */
  issueToken(userUuid: string): TokenRecord {
    const old = this.tokenOf(userUuid);
    if (old) this.tokens.delete(old.key);
    const token = { key: newTokenKey(), user_uuid: userUuid, created: this.now() };
    this.tokens.set(token.key, token);
    return token;
  }

  /**
   * A grant counts while it is active and not past its expiration time. Waldur deactivates
   * expired grants in a periodic task; the simulator applies that at once.
   */
  isLive(role: RoleAssignmentRecord): boolean {
    return role.is_active && (role.expiration_time === null || role.expiration_time > this.now());
  }

  liveRoles(predicate: (role: RoleAssignmentRecord) => boolean = () => true): RoleAssignmentRecord[] {
    return this.roles.filter((r) => this.isLive(r) && predicate(r));
  }

  /** Removes a user and what hangs off it (Django's cascade). */
  deleteUser(userUuid: string): void {
    this.users.delete(userUuid);
    const token = this.tokenOf(userUuid);
    if (token) this.tokens.delete(token.key);
    this.roles = this.roles.filter((r) => r.user_uuid !== userUuid);
    this.changeEmail.delete(userUuid);
  }

  /** The `/__sim/state` dump: everything, secrets included, times as ISO strings. */
  dump(): unknown {
    const time = (ms: number | null): string | null => (ms === null ? null : formatDateTime(ms));
    return {
      customers: [...this.customers.values()],
      projects: [...this.projects.values()],
      users: [...this.users.values()].map((u) => ({
        ...u,
        date_joined: time(u.date_joined),
        agreement_date: time(u.agreement_date),
        token: this.tokenOf(u.uuid)?.key ?? null,
      })),
      tokens: [...this.tokens.values()].map((t) => ({ ...t, created: time(t.created) })),
      roleAssignments: this.roles.map((r) => ({ ...r, created: time(r.created), expiration_time: time(r.expiration_time) })),
      changeEmailRequests: [...this.changeEmail.values()].map((c) => ({ ...c, created: time(c.created) })),
    };
  }
}
