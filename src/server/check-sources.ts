import type { GatewayConfig, SourceConfig } from '../config/config-schema.js';
import { GatewayError } from '../errors.js';
import { UpstreamStats } from '../http/upstream-stats.js';
import { createSourceAdapter } from '../sources/create-adapter.js';
import { listSomeUsers, type SourceAdapter } from '../sources/source.js';

export type Verdict = 'ok' | 'fail' | 'skip' | 'unknown';

export interface SourceCheck {
  name: string;
  vendor: string;
  required: boolean;
  reachable: Verdict;
  credential: Verdict;
  read: Verdict;
  write: Verdict;
  latencyMs: number | null;
  /** What to fix, or what was found. */
  note: string;
}

/**
 * What `usergraph check` learns of each source with one or two calls: can it be reached, does it
 * accept the credential, may that credential list users, and (where the vendor says who it
 * belongs to) manage them. No retries: the first answer is the one reported.
 */
export async function checkSources(config: GatewayConfig): Promise<SourceCheck[]> {
  return Promise.all(config.sources.map((source, index) => checkSource(source, index)));
}

async function checkSource(source: SourceConfig, index: number): Promise<SourceCheck> {
  const base = { name: source.name, vendor: source.vendor, required: source.required, latencyMs: null };
  const adapter = createSourceAdapter({
    ...source,
    resilience: { ...source.resilience, retries: 0, breaker: { ...source.resilience.breaker, enabled: false } },
  });
  if (source.credentials.mode === 'forward') {
    try {
      return { ...base, ...(await checkForwardSource(adapter, source, index)) };
    } finally {
      await adapter.close();
    }
  }
  const ctx = { credential: source.credentials.secret, stats: new UpstreamStats() };
  try {
    const started = performance.now();
    try {
      await listSomeUsers(adapter, ctx);
    } catch (err) {
      return { ...base, ...failure(err, source, index), latencyMs: Math.round(performance.now() - started) };
    }
    const latencyMs = Math.round(performance.now() - started);
    const ok = { ...base, reachable: 'ok' as const, credential: 'ok' as const, read: 'ok' as const, latencyMs };
    if (!adapter.info.capabilities.includes('CURRENT_USER')) {
      return { ...ok, write: 'unknown', note: `${source.vendor} cannot say whose credential this is: make sure its user may manage users for writes` };
    }
    try {
      const me = await adapter.currentUser(ctx);
      const manages = me.permissions.some((p) => p.level === 'ADMIN' || p.level === 'OWNER');
      return {
        ...ok,
        write: manages ? 'ok' : 'fail',
        note: manages
          ? `acts as ${me.username ?? me.nativeId}`
          : `acts as ${me.username ?? me.nativeId}, who cannot manage users: mutations will be refused upstream`,
      };
    } catch (err) {
      return { ...ok, write: 'unknown', note: `could not ask who the credential belongs to (${err instanceof GatewayError ? err.code : 'error'})` };
    }
  } finally {
    await adapter.close();
  }
}

/**
 * A forward-credential source: the gateway holds no credential of its own, so it sends one that
 * cannot be valid and expects the vendor to refuse it. That proves the connection, TLS and that a
 * server of the right kind answers, without testing any caller's credential.
 */
async function checkForwardSource(adapter: SourceAdapter, source: SourceConfig, index: number): Promise<Omit<SourceCheck, 'name' | 'vendor' | 'required'>> {
  const header = source.credentials.mode === 'forward' ? source.credentials.header : '';
  const started = performance.now();
  try {
    await listSomeUsers(adapter, { credential: 'usergraph-check-no-credential', stats: new UpstreamStats() });
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    const code = err instanceof GatewayError ? err.code : 'INTERNAL';
    if (code === 'UPSTREAM_UNAUTHORIZED' || code === 'UPSTREAM_FORBIDDEN') {
      return {
        reachable: 'ok',
        credential: 'skip',
        read: 'skip',
        write: 'skip',
        latencyMs,
        note: `reachable, credential not tested: callers send their own in ${header}`,
      };
    }
    return { ...failure(err, source, index), credential: 'skip', latencyMs };
  }
  return {
    reachable: 'ok',
    credential: 'fail',
    read: 'ok',
    write: 'unknown',
    latencyMs: Math.round(performance.now() - started),
    note: `${source.url} answered a made-up credential with users: it does not check credentials, or is not a ${source.vendor} server`,
  };
}

/** The verdicts and the fix for a failed list call. */
function failure(err: unknown, source: SourceConfig, index: number): Pick<SourceCheck, 'reachable' | 'credential' | 'read' | 'write' | 'note'> {
  const code = err instanceof GatewayError ? err.code : 'INTERNAL';
  const at = `sources[${index}]`;
  switch (code) {
    case 'UPSTREAM_UNAVAILABLE':
      return {
        reachable: 'fail',
        credential: 'unknown',
        read: 'fail',
        write: 'unknown',
        note: `cannot reach ${source.url}: check ${at}.url, that the vendor is up, and the network between`,
      };
    case 'UPSTREAM_TIMEOUT':
      return {
        reachable: 'fail',
        credential: 'unknown',
        read: 'fail',
        write: 'unknown',
        note: `no answer within ${source.timeoutMs} ms: check ${at}.url or raise ${at}.timeoutMs`,
      };
    case 'UPSTREAM_UNAUTHORIZED':
      return {
        reachable: 'ok',
        credential: 'fail',
        read: 'fail',
        write: 'fail',
        note: `the vendor refused the credential: check ${at}.credentials.secret (and that it is a ${source.vendor} key)`,
      };
    case 'UPSTREAM_FORBIDDEN':
      return { reachable: 'ok', credential: 'ok', read: 'fail', write: 'fail', note: "the credential's user may not list users: give it a role that can" };
    default:
      return {
        reachable: 'ok',
        credential: 'unknown',
        read: 'fail',
        write: 'unknown',
        note: `unexpected answer (${code}): is ${source.url} a ${source.vendor} server?`,
      };
  }
}
