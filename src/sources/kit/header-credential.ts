import { UpstreamError } from '../../errors.js';

/**
 * The `Authorization` value for a vendor's scheme (`Bearer`, `Token`, `ApiKey`). Every vendor here
 * splits that header on whitespace, so a credential that is empty or holds a space can never
 * authenticate; worse, DQOps reads an empty or spaced token as *no* token, which an instance in its
 * default `authentication-method: none` runs as its local admin. Control characters would make
 * undici throw, which must not surface as "unavailable". Such a credential is refused before any
 * call, and the message never quotes it.
 */
export function authorizationHeader(scheme: string, credential: string, source: string): string {
  if (!/^[\x21-\x7e]+$/.test(credential)) {
    throw new UpstreamError(
      'UPSTREAM_UNAUTHORIZED',
      `the credential for source "${source}" cannot be sent as a ${scheme} credential: it is empty or holds spaces, control or non-ASCII characters`,
      { source, retryable: false },
    );
  }
  return `${scheme} ${credential}`;
}
