import type { Logger } from 'pino';
import type { LimitsConfig } from './config/config-schema.js';
import { badUserInput, GatewayError } from './errors.js';
import { type AbortLike, Deadline } from './http/cut-signal.js';
import { UpstreamStats } from './http/upstream-stats.js';
import { createLoaders, type RequestLoaders } from './loaders/create-loaders.js';
import type { PlanSigner } from './offboarding/plan-token.js';
import { PartialErrors } from './request/partial-errors.js';
import { mayUseSource, type Principal, rateKeyOf } from './request/principal.js';
import { RequestBudget } from './request/request-budget.js';
import type { RequestHeaders } from './request/request-headers.js';
import { credentialFor, type SourceRuntime } from './request/source-runtime.js';
import type { SourceInfo } from './sources/model.js';
import type { CallContext } from './sources/source.js';
import type { StateStore } from './state/state-store.js';

/** What every resolver gets for one GraphQL request. */
export interface GatewayContext {
  /** The sources this caller may use, in config order; the others are not there for it. */
  readonly sources: readonly SourceInfo[];
  readonly loaders: RequestLoaders;
  readonly stats: UpstreamStats;
  readonly partial: PartialErrors;
  /**
   * The runtime of a source this caller may use. A source it may not use is FORBIDDEN (before any
   * call), and an unknown name BAD_USER_INPUT naming only the sources it may use.
   */
  runtime(name: string): SourceRuntime;
  /** How to call a source for this request; throws UNAUTHENTICATED for a forward source without its header. */
  callContext(name: string): CallContext;
  readonly logger: Logger;
  /** Per-(source, user) write locks, shared by every request (and, with Redis, every replica). */
  readonly locks: Pick<StateStore, 'withLock'>;
  /** How long a write may hold its lock (past its own deadline), and wait for it (the request's). */
  readonly lockTiming: { ttlMs: number; waitMs: number };
  /** Who is calling; null only for requests that execute nothing (the landing page). */
  readonly principal: Principal | null;
  /** The principal's id for audit events and request logs. */
  readonly caller: string;
  /** Whose rate limits this request spends: the principal, or the client address when anonymous. */
  readonly rateKey: string;
  /** What this HTTP request (a whole batch) has used of its limits. */
  readonly budget: RequestBudget;
  /**
   * Aborts every upstream call of this request at its deadline (`server.requestTimeoutMs`, from the
   * request's start). Its timer is set on first use: a request answered without a vendor call sets none.
   */
  deadline(): AbortLike;
  /**
   * Called once the answer is sent: stops the deadline's timer. Work this request started that is
   * still running (a snapshot refresh other requests will read) is not cut; each of its upstream
   * tries keeps the source's own `timeoutMs`, and its retries their count and budget.
   */
  end(): void;
  /** What the request log and metrics say of this request (filled by plugins/request-report.ts). */
  readonly report: RequestReport;
  /** Offboarding plans: their signer, and how many steps one may hold. */
  readonly offboarding: OffboardingSettings;
}

export interface OffboardingSettings {
  readonly signer: PlanSigner;
  readonly maxSteps: number;
}

export interface RequestReport {
  operationName: string | null;
  operationType: string | null;
  /** Some root field answered with data (not null): the outcome is then partial, not error. */
  hasData: boolean;
  errorCodes: Set<string>;
  /** Failures of sources the caller was told of (GraphQL errors and mutations' userErrors): [source, code]. */
  sourceErrors: [string, string][];
}

/** Who is asking, and from where. */
export interface RequestOrigin {
  readonly headers: RequestHeaders;
  readonly principal: Principal | null;
  /** The client's address (the socket's peer). */
  readonly client: string;
}

/** What lives as long as the gateway and every request shares. */
export interface GatewayShared {
  readonly runtimes: readonly SourceRuntime[];
  readonly logger: Logger;
  /** What replicas share: locks, limiters, invalidations, idempotency keys. */
  readonly state: StateStore;
  readonly limits: LimitsConfig;
  readonly requestTimeoutMs: number;
  readonly offboarding: OffboardingSettings;
}

/** The sources one principal may use: their runtimes by name, and their infos in config order. */
interface Scope {
  byName: ReadonlyMap<string, SourceRuntime>;
  infos: readonly SourceInfo[];
}

/**
 * Scopes by gateway (its runtimes) and principal. An API key's principal is one object for the
 * gateway's life, so its scope is worked out once, not per request; a JWT's is new each time, and
 * its scope goes with it.
 */
const scopes = new WeakMap<readonly SourceRuntime[], WeakMap<Principal, Scope>>();
const NO_SCOPE: Scope = { byName: new Map(), infos: [] };

function scopeOf(runtimes: readonly SourceRuntime[], principal: Principal | null): Scope {
  if (!principal) return NO_SCOPE;
  let byPrincipal = scopes.get(runtimes);
  if (!byPrincipal) {
    byPrincipal = new WeakMap();
    scopes.set(runtimes, byPrincipal);
  }
  let scope = byPrincipal.get(principal);
  if (!scope) {
    const visible = runtimes.filter((r) => mayUseSource(principal, r.info.name));
    scope = { byName: new Map(visible.map((r) => [r.info.name, r])), infos: visible.map((r) => r.info) };
    byPrincipal.set(principal, scope);
  }
  return scope;
}

export function createRequestContext(shared: GatewayShared, { headers, principal, client }: RequestOrigin): GatewayContext {
  // Its timer is set when first used: a request answered without a vendor call sets none.
  const deadline = new Deadline(performance.now() + shared.requestTimeoutMs);
  const { byName, infos } = scopeOf(shared.runtimes, principal);
  const scoped = principal?.sources !== null;
  const stats = new UpstreamStats();
  const runtime = (name: string): SourceRuntime => {
    const found = byName.get(name);
    if (found) return found;
    const names = [...byName.keys()].join(', ') || 'none';
    // A limited caller is told the same for a source it may not use and one that does not exist,
    // so it learns nothing about sources outside its reach.
    if (scoped) throw new GatewayError('FORBIDDEN', `source ${JSON.stringify(name)} is not one of the sources you may use (${names})`);
    throw badUserInput(`no source is named ${JSON.stringify(name)}; the sources are ${names}`);
  };
  const callContext = (name: string): CallContext => ({ credential: credentialFor(runtime(name), headers), stats, signal: deadline });
  return {
    sources: infos,
    loaders: createLoaders({
      adapter: (name) => runtime(name).adapter,
      callContext,
      // While another replica's writes could go unheard (Redis subscription lost), no snapshot is trusted.
      snapshots: (name) => (shared.state.invalidationsHeard ? runtime(name).snapshots : undefined),
      windows: (name) => (shared.state.invalidationsHeard ? runtime(name).windows : undefined),
      dropShared: (name) => shared.state.publishInvalidation(name),
    }),
    stats,
    partial: new PartialErrors(),
    runtime,
    callContext,
    logger: shared.logger,
    locks: shared.state,
    // The lock outlives the longest write it guards (the whole request's deadline, plus slack).
    lockTiming: { ttlMs: shared.requestTimeoutMs + 5_000, waitMs: shared.requestTimeoutMs },
    principal,
    caller: principal?.id ?? 'anonymous',
    rateKey: principal ? rateKeyOf(principal, client) : `anonymous@${client}`,
    budget: new RequestBudget(shared.limits),
    deadline: () => deadline,
    end: () => deadline.release(),
    report: { operationName: null, operationType: null, hasData: false, errorCodes: new Set(), sourceErrors: [] },
    offboarding: shared.offboarding,
  };
}
