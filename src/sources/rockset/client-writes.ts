import type { UpstreamResponse } from '../../http/upstream-client.js';
import { errorForStatus } from '../../http/upstream-errors.js';
import { decodeErrorBody } from '../kit/wire.js';
import type { CallContext } from '../source.js';
import { type RocksetClient, USERS } from './client.js';
import {
  type RocksetCreateUserRequest,
  type RocksetErrorModel,
  type RocksetUnsubscribePreference,
  type RocksetUpdateUserRequest,
  type RocksetUser,
  rocksetErrorModelSchema,
  rocksetUpdateUnsubscribePreferencesResponseSchema,
  rocksetUserResponseSchema,
  rocksetUserSchema,
} from './wire.js';

/**
 * A 400 INVALIDINPUT: Rockset's own validation refused the body; `message` names the field, as far
 * as we know. Or a 409 ALREADYEXISTS (`taken`): the email is another user's.
 */
export interface RocksetRejection {
  message: string | null;
  taken?: true;
}

/** A write's answer: what Rockset stored, or its validation refusal. Every other failure throws. */
export type RocksetWriteAnswer<T> = { ok: true; value: T } | { ok: false; rejected: RocksetRejection };

/**
 * Rockset's user-management writes, one method per endpoint (contracts/rockset README
 * "Endpoints": every success is 200; create and delete wrap the user in `{data}`, update answers
 * a bare `User`, and update is a POST). They go through the read client's transport, so the
 * credential is checked and sent the same way.
 *
 * Answers read here: 400 INVALIDINPUT and 409 ALREADYEXISTS are refusals (returned); 404 is
 * NOT_FOUND (thrown); anything else but 200 is the shared UpstreamError for its status. Error
 * bodies never reach a thrown message.
 */
export class RocksetWriteClient {
  readonly #client: RocksetClient;

  constructor(client: RocksetClient) {
    this.#client = client;
  }

  get source(): string {
    return this.#client.source;
  }

  /**
   * POST /v1/orgs/self/users → `CreateUserResponse.data`. Not idempotent: a second POST of the
   * same body is a 409, so a lost answer is OUTCOME_UNKNOWN and never retried. An email Rockset
   * already has (in any letter case) is a refusal marked `taken`.
   */
  async createUser(ctx: CallContext, body: RocksetCreateUserRequest): Promise<RocksetWriteAnswer<RocksetUser>> {
    const res = await this.#client.send(ctx, { method: 'POST', path: USERS, body, idempotent: false });
    return this.#answer(res, (ok) => this.#client.parse(rocksetUserResponseSchema, ok, 'POST /v1/orgs/self/users (CreateUserResponse)').data);
  }

  /**
   * POST /v1/orgs/self/users/{user} → the bare `User` after the change. Idempotent: the body
   * carries whole values (`roles` replaces the list), so sending it twice leaves the same state.
   * NOT_FOUND (thrown) for an unknown user.
   */
  async updateUser(ctx: CallContext, email: string, body: RocksetUpdateUserRequest): Promise<RocksetWriteAnswer<RocksetUser>> {
    const res = await this.#client.send(ctx, { method: 'POST', path: userPath(email), body, idempotent: true });
    return this.#answer(res, (ok) => this.#client.parse(rocksetUserSchema, ok, 'POST /v1/orgs/self/users/{user} (User)'));
  }

  /**
   * DELETE /v1/orgs/self/users/{user} → `DeleteUserResponse.data`, the user as it was. Idempotent
   * in effect (a second DELETE finds nobody: NOT_FOUND, thrown), so a lost answer is reported as
   * the source being unavailable, not OUTCOME_UNKNOWN.
   */
  async deleteUser(ctx: CallContext, email: string): Promise<RocksetUser> {
    const res = await this.#client.send(ctx, { method: 'DELETE', path: userPath(email), idempotent: true });
    if (res.status !== 200) throw errorForStatus(this.source, res.status, res.headers);
    return this.#client.parse(rocksetUserResponseSchema, res, 'DELETE /v1/orgs/self/users/{user} (DeleteUserResponse)').data;
  }

  /**
   * POST /v1/orgs/self/users/self/preferences → the caller's whole new list. Idempotent like the
   * user update: the body replaces the list, so the same body twice leaves the same list.
   */
  async updateUnsubscribePreferences(ctx: CallContext, data: RocksetUnsubscribePreference[]): Promise<RocksetWriteAnswer<RocksetUnsubscribePreference[]>> {
    const res = await this.#client.send(ctx, { method: 'POST', path: `${USERS}/self/preferences`, body: { data }, idempotent: true });
    return this.#answer(
      res,
      (ok) =>
        this.#client.parse(
          rocksetUpdateUnsubscribePreferencesResponseSchema,
          ok,
          'POST /v1/orgs/self/users/self/preferences (UpdateUnsubscribePreferencesResponse)',
        ).data ?? [],
    );
  }

  #answer<T>(res: UpstreamResponse, parse: (ok: UpstreamResponse) => T): RocksetWriteAnswer<T> {
    if (res.status === 200) return { ok: true, value: parse(res) };
    const model = readErrorModel(res);
    if (res.status === 400 && model?.type === 'INVALIDINPUT') return { ok: false, rejected: { message: model.message ?? null } };
    // A duplicate email: a refusal of the input like every vendor's (TAKEN on email), not a fault.
    if (res.status === 409 && model?.type === 'ALREADYEXISTS') return { ok: false, rejected: { message: null, taken: true } };
    throw errorForStatus(this.source, res.status, res.headers);
  }
}

function userPath(email: string): string {
  return `${USERS}/${encodeURIComponent(email)}`;
}

/** The `ErrorModel` of an error answer; null when the body is not one (then only the status counts). */
function readErrorModel(res: UpstreamResponse): RocksetErrorModel | null {
  const parsed = rocksetErrorModelSchema.safeParse(decodeErrorBody(res.body));
  return parsed.success ? parsed.data : null;
}
