import type { SourceConfig } from '../config/config-schema.js';
import { UpstreamError } from '../errors.js';
import type { SharedSnapshots } from '../loaders/shared-snapshots.js';
import type { UserIndex } from '../loaders/user-index.js';
import type { SourceInfo } from '../sources/model.js';
import type { SourceAdapter, UserPage } from '../sources/source.js';
import type { ServiceAccount } from './service-account.js';

/** A configured source with its adapter and credential policy; one per source for the gateway's life. */
export interface SourceRuntime {
  readonly info: SourceInfo;
  readonly adapter: SourceAdapter;
  readonly credentials: SourceConfig['credentials'];
  /** The shared list snapshots of a list-everything source (`cache.listTtlMs`). */
  readonly snapshots?: SharedSnapshots<UserIndex>;
  /** The shared window snapshots of a paging source (`cache.listTtlMs`). */
  readonly windows?: SharedSnapshots<UserPage>;
  /** Whether `/readyz` waits for this source (config `required`). */
  readonly required: boolean;
  /** Who the service credential belongs to (for sources with user tokens). */
  readonly serviceAccount: ServiceAccount;
}

/**
 * The credential to send to a source for this request: the service secret, or in forward mode the
 * caller's own from the source's header. A credential only ever goes to the source it belongs to.
 */
export function credentialFor(runtime: SourceRuntime, headers: Readonly<Record<string, string | undefined>>): string {
  if (runtime.credentials.mode === 'service') return runtime.credentials.secret;
  const header = runtime.credentials.header;
  const value = headers[header]?.trim();
  if (!value) {
    throw new UpstreamError('UNAUTHENTICATED', `source "${runtime.info.name}" uses your own credential: send it in the ${header} header`, {
      source: runtime.info.name,
      retryable: false,
    });
  }
  // Callers often copy the whole Authorization value; the adapter adds the vendor's scheme itself.
  return value.replace(/^(?:bearer|token|apikey)\s+/i, '');
}
