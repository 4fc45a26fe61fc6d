import type { UpstreamResponse } from '../../http/upstream-client.js';
import { errorForStatus } from '../../http/upstream-errors.js';
import type { CallContext } from '../source.js';
import { type DqopsClient, encodePathSegment } from './client.js';
import type { DqopsUserRolesWrite } from './wire.js';

/**
 * How a DQOps write ended when it did not throw:
 * - `done`: 201/204, with an empty body (contracts/dqops README: re-read for the new state);
 * - `limit`: 400, the account's user limit (the cloud's 412, mapped by the service);
 * - `rejected`: 406, the controller refused an empty email or password.
 * Every 4xx body is empty, so only the status is read.
 */
export type DqopsWriteOutcome = 'done' | 'limit' | 'rejected';

const JSON_BODY = { 'content-type': 'application/json' };
// contracts/dqops README: both password endpoints declare `consumes = "text/plain"` and take the raw
// string (the generated docs' JSON-quoted body is wrong). UTF-8 so any password arrives unchanged.
const TEXT_BODY = { 'content-type': 'text/plain; charset=utf-8' };

/**
 * The DQOps instance's write endpoints, one method per endpoint, sent through a DqopsClient (which
 * adds the bearer token). Statuses the adapter turns into userErrors come back as a
 * DqopsWriteOutcome; any other status throws UpstreamError (403 is UPSTREAM_FORBIDDEN, and an
 * uncaught server exception is UPSTREAM_UNAVAILABLE with `httpStatus` 500). Nothing here puts a
 * password into a message: errors name the source and the status only.
 */
export class DqopsWriteClient {
  readonly #client: DqopsClient;

  constructor(client: DqopsClient) {
    this.#client = client;
  }

  /**
   * `POST /api/users`: 201. Not idempotent (a second POST of a user just created is a 403), so a
   * lost answer is OUTCOME_UNKNOWN and never retried. A duplicate answers 403, not 409
   * (contracts/dqops README), and throws UPSTREAM_FORBIDDEN: callers check for one first.
   */
  async createUser(ctx: CallContext, model: DqopsUserRolesWrite): Promise<DqopsWriteOutcome> {
    const res = await this.#client.send(ctx, { method: 'POST', path: '/api/users', headers: JSON_BODY, body: JSON.stringify(model), idempotent: false });
    return this.#outcome(res, 201, true);
  }

  /**
   * `PUT /api/users/{email}` with the whole model (it replaces it): 204 (the swagger says 201).
   * Idempotent. A 406 (path and body emails differ) cannot come from a model this gateway built,
   * so it throws UPSTREAM_BAD_RESPONSE. An unknown user is an uncaught 500 upstream (README).
   */
  async updateUser(ctx: CallContext, email: string, model: DqopsUserRolesWrite): Promise<DqopsWriteOutcome> {
    const path = `/api/users/${encodePathSegment(email)}`;
    const res = await this.#client.send(ctx, { method: 'PUT', path, headers: JSON_BODY, body: JSON.stringify(model), idempotent: true });
    return this.#outcome(res, 204, false);
  }

  /** `DELETE /api/users/{email}`: true on 204 (the swagger says 200), false on 404. Idempotent. */
  async deleteUser(ctx: CallContext, email: string): Promise<boolean> {
    const res = await this.#client.send(ctx, { method: 'DELETE', path: `/api/users/${encodePathSegment(email)}`, idempotent: true });
    if (res.status === 204 || res.status === 200) return true;
    if (res.status === 404) return false;
    throw errorForStatus(this.#client.source, res.status, res.headers);
  }

  /**
   * `PUT /api/users/{email}/password`, the raw password as `text/plain`: 204. Idempotent (setting
   * the same password twice leaves the same state). 406 for an empty password; an unknown user is
   * an uncaught 500 upstream, as for the update (same service path).
   */
  async setPassword(ctx: CallContext, email: string, password: string): Promise<DqopsWriteOutcome> {
    const path = `/api/users/${encodePathSegment(email)}/password`;
    const res = await this.#client.send(ctx, { method: 'PUT', path, headers: TEXT_BODY, body: password, idempotent: true });
    return this.#outcome(res, 204, true);
  }

  /** `PUT /api/mypassword`, the raw password as `text/plain`: 204. Idempotent. Needs only `view`. */
  async setMyPassword(ctx: CallContext, password: string): Promise<DqopsWriteOutcome> {
    const res = await this.#client.send(ctx, { method: 'PUT', path: '/api/mypassword', headers: TEXT_BODY, body: password, idempotent: true });
    return this.#outcome(res, 204, false);
  }

  /**
   * `success` (or the spurious 200 the swagger lists for every write) is done; 400 is the user
   * limit (README: "400 or 403 as above" on every write). A 406 is the caller's input only where
   * the controller checks that input (`rejects406`).
   */
  #outcome(res: UpstreamResponse, success: number, rejects406: boolean): DqopsWriteOutcome {
    if (res.status === success || res.status === 200) return 'done';
    if (res.status === 400) return 'limit';
    if (res.status === 406 && rejects406) return 'rejected';
    throw errorForStatus(this.#client.source, res.status, res.headers);
  }
}
