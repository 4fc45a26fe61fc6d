import { BUILT_IN_ROLES } from './roles.js';
import type { RocksetSeed } from './seed.js';
import { type RocksetUnsubscribePreference, rocksetTimestamp, type StoredUser } from './wire.js';

export interface NewUser {
  email: string;
  roles: string[];
  first_name?: string;
  last_name?: string;
}

export interface UserChanges {
  roles?: string[];
  first_name?: string;
  last_name?: string;
}

/** What `/__sim/state` shows: the seed's own shape, so a test can compare the two. */
export interface RocksetStateDump {
  users: StoredUser[];
  apiKeys: { key: string; email: string }[];
  preferences: Record<string, RocksetUnsubscribePreference[]>;
  customRoles: string[];
}

/**
 * The org's users, API keys and notification preferences, in memory.
 *
 * Emails are matched case-insensitively everywhere (path `{user}`, create conflicts, API keys,
 * preferences) but kept and returned in the case they were created with (`Grace@Example.com`).
 * The contract does not say which Rockset does, so this is a choice: email addresses are
 * case-insensitive in practice, and the seed's `Grace@Example.com` shows the case is kept.
 */
export class RocksetStore {
  readonly #seed: RocksetSeed;
  #users: StoredUser[] = [];
  #apiKeys = new Map<string, string>();
  #preferences = new Map<string, RocksetUnsubscribePreference[]>();

  constructor(seed: RocksetSeed) {
    this.#seed = seed;
    this.reset();
  }

  reset(): void {
    const loadedAt = rocksetTimestamp();
    this.#users = this.#seed.users.map((u) => ({
      email: u.email,
      ...(u.first_name !== undefined && { first_name: u.first_name }),
      ...(u.last_name !== undefined && { last_name: u.last_name }),
      roles: [...u.roles],
      state: u.state,
      created_at: u.created_at ?? loadedAt,
    }));
    this.#apiKeys = new Map(this.#seed.apiKeys.map((k) => [k.key, k.email.toLowerCase()]));
    this.#preferences = new Map(Object.entries(this.#seed.preferences).map(([email, prefs]) => [email.toLowerCase(), prefs.map((p) => ({ ...p }))]));
  }

  /** The role names that may be assigned: the built-in ones and the seed's custom roles. */
  isKnownRole(role: string): boolean {
    return (BUILT_IN_ROLES as readonly string[]).includes(role) || this.#seed.customRoles.includes(role);
  }

  /** The user an API key belongs to; undefined for an unknown key or a deleted user. */
  userForApiKey(key: string): StoredUser | undefined {
    const email = this.#apiKeys.get(key);
    return email === undefined ? undefined : this.find(email);
  }

  /** Every user, in creation order (seed order first). */
  list(): StoredUser[] {
    return [...this.#users];
  }

  find(email: string): StoredUser | undefined {
    const wanted = email.toLowerCase();
    return this.#users.find((u) => u.email.toLowerCase() === wanted);
  }

  /** Adds a user in state NEW; the caller has checked that the email is free. */
  create(input: NewUser): StoredUser {
    const user: StoredUser = {
      email: input.email,
      ...(input.first_name !== undefined && { first_name: input.first_name }),
      ...(input.last_name !== undefined && { last_name: input.last_name }),
      roles: [...input.roles],
      state: 'NEW',
      created_at: rocksetTimestamp(),
    };
    this.#users.push(user);
    return user;
  }

  /** Applies the fields given; absent fields stay as they were. */
  update(user: StoredUser, changes: UserChanges): StoredUser {
    if (changes.roles !== undefined) user.roles = [...changes.roles];
    if (changes.first_name !== undefined) user.first_name = changes.first_name;
    if (changes.last_name !== undefined) user.last_name = changes.last_name;
    return user;
  }

  /** Removes the user with their API keys and preferences. */
  delete(user: StoredUser): void {
    const email = user.email.toLowerCase();
    this.#users = this.#users.filter((u) => u !== user);
    for (const [key, owner] of this.#apiKeys) if (owner === email) this.#apiKeys.delete(key);
    this.#preferences.delete(email);
  }

  preferencesOf(user: StoredUser): RocksetUnsubscribePreference[] {
    return (this.#preferences.get(user.email.toLowerCase()) ?? []).map((p) => ({ ...p }));
  }

  /** Replaces the user's whole list, keeping the first of any repeated notificationType. */
  setPreferences(user: StoredUser, prefs: RocksetUnsubscribePreference[]): RocksetUnsubscribePreference[] {
    const seen = new Set<string>();
    const unique = prefs.filter((p) => !seen.has(p.notificationType) && seen.add(p.notificationType));
    this.#preferences.set(
      user.email.toLowerCase(),
      unique.map((p) => ({ notificationType: p.notificationType })),
    );
    return this.preferencesOf(user);
  }

  dump(): RocksetStateDump {
    const preferences: Record<string, RocksetUnsubscribePreference[]> = {};
    for (const user of this.#users) preferences[user.email] = this.preferencesOf(user);
    return {
      users: this.#users.map((u) => ({ ...u, roles: [...u.roles] })),
      apiKeys: [...this.#apiKeys].map(([key, email]) => ({ key, email: this.find(email)?.email ?? email })),
      preferences,
      customRoles: [...this.#seed.customRoles],
    };
  }
}
