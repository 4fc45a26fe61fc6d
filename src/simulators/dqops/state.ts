import type { DqopsRole, DqopsSeed } from './seed.js';

/** `DqoUserRolesModel` as the instance API sends it. */
export interface DqoUserRolesModel {
  email: string;
  accountRole: DqopsRole;
  dataDomainRoles: Record<string, DqopsRole>;
}

/** A user as the server keeps it: only real roles (no `none` entries), plus the password it never returns. */
export interface StoredUser {
  email: string;
  accountRole: DqopsRole;
  dataDomainRoles: Record<string, Exclude<DqopsRole, 'none'>>;
  password: string | null;
}

export type CreateOutcome = 'created' | 'exists' | 'limit';

/**
 * The in-memory DQOps account. Emails are matched exactly (the controller compares with
 * `Objects.equals`; whether DQOps Cloud folds case is not known).
 */
export class DqopsState {
  readonly #seed: DqopsSeed;
  #users = new Map<string, StoredUser>();
  #dataDomains: string[] = [];
  #apiKeys = new Map<string, string>();

  constructor(seed: DqopsSeed) {
    this.#seed = seed;
    this.reset();
  }

  reset(): void {
    this.#dataDomains = [...this.#seed.dataDomains];
    this.#users = new Map(
      this.#seed.users.map((u) => [
        u.email,
        { email: u.email, accountRole: u.accountRole, dataDomainRoles: this.keepRealRoles(u.dataDomainRoles), password: u.password },
      ]),
    );
    this.#apiKeys = new Map(this.#seed.apiKeys.map((k) => [k.key, k.email]));
  }

  get dataDomains(): readonly string[] {
    return this.#dataDomains;
  }

  /** The email an API key was issued to, or undefined for a key this instance never issued. */
  emailForKey(key: string): string | undefined {
    return this.#apiKeys.get(key);
  }

  find(email: string): StoredUser | undefined {
    return this.#users.get(email);
  }

  /** contracts/dqops README: the list is sorted by email (Java `String.compareTo`, i.e. UTF-16 code units). */
  list(): DqoUserRolesModel[] {
    return [...this.#users.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0)).map((u) => this.toWire(u));
  }

  /**
   * contracts/dqops README: on read, every known data domain the user has no role in is filled
   * in as `none`, in the order the instance lists its domains.
   */
  toWire(user: StoredUser): DqoUserRolesModel {
    const dataDomainRoles: Record<string, DqopsRole> = {};
    for (const domain of this.#dataDomains) dataDomainRoles[domain] = user.dataDomainRoles[domain] ?? 'none';
    return { email: user.email, accountRole: user.accountRole, dataDomainRoles };
  }

  /**
   * On write, `none` entries are dropped (contracts/dqops README). A role on a domain this
   * instance does not know is dropped as well: the README does not say what happens, the
   * controller does not check domain names (so the write still succeeds), and the account's
   * domains live in DQOps Cloud, which can only keep roles on domains the account has.
   */
  keepRealRoles(roles: Readonly<Record<string, DqopsRole | null>>): StoredUser['dataDomainRoles'] {
    const kept: StoredUser['dataDomainRoles'] = {};
    for (const [domain, role] of Object.entries(roles)) {
      if (role === null || role === 'none' || !this.#dataDomains.includes(domain)) continue;
      kept[domain] = role;
    }
    return kept;
  }

  /** The user limit is checked after the duplicate check; which one DQOps Cloud checks first is not known. */
  create(email: string, accountRole: DqopsRole, roles: Readonly<Record<string, DqopsRole | null>>): CreateOutcome {
    if (this.#users.has(email)) return 'exists';
    if (this.#seed.userLimit !== undefined && this.#users.size >= this.#seed.userLimit) return 'limit';
    // UsersController passes a null password to the service: a new user has none until one is set.
    this.#users.set(email, { email, accountRole, dataDomainRoles: this.keepRealRoles(roles), password: null });
    return 'created';
  }

  /** Replaces the account role; data domain roles only when the body carried the map (null keeps them). */
  update(email: string, accountRole: DqopsRole, roles: Readonly<Record<string, DqopsRole | null>> | null): boolean {
    const user = this.#users.get(email);
    if (!user) return false;
    user.accountRole = accountRole;
    if (roles !== null) user.dataDomainRoles = this.keepRealRoles(roles);
    return true;
  }

  delete(email: string): boolean {
    return this.#users.delete(email);
  }

  setPassword(email: string, password: string): boolean {
    const user = this.#users.get(email);
    if (!user) return false;
    user.password = password;
    return true;
  }

  /** Everything held, secrets included, for `/__sim/state`. */
  dump(): unknown {
    return {
      dataDomains: [...this.#dataDomains],
      userLimit: this.#seed.userLimit ?? null,
      users: [...this.#users.values()].map((u) => ({ ...u, dataDomainRoles: { ...u.dataDomainRoles } })),
      apiKeys: [...this.#apiKeys].map(([key, email]) => ({ key, email })),
    };
  }
}
