import type { HttpMethod, UpstreamResponse } from '../../http/upstream-client.js';
import { errorForStatus } from '../../http/upstream-errors.js';
import { decodeErrorBody } from '../kit/wire.js';
import type { CallContext } from '../source.js';
import { isDrfDetail, type WaldurTransport } from './client-transport.js';
import { type DrfMessage, readDrfMessages } from './drf-errors.js';
import {
  type WaldurRoleAction,
  type WaldurRoleCollection,
  type WaldurRoleRequest,
  type WaldurUser,
  type WaldurUserAuthToken,
  type WaldurUserWrite,
  waldurUserAuthTokenSchema,
  waldurUserSchema,
} from './wire.js';

/** A write Waldur did, or its refusal: the status and the messages of its DRF body. */
export type WaldurWriteAnswer<T> = { ok: true; value: T } | { ok: false; status: number; messages: DrfMessage[] };

interface WriteCall {
  operation: string;
  method: HttpMethod;
  path: string;
  json?: unknown;
  idempotent: boolean;
  /** The success statuses. */
  accept: readonly number[];
  /** Statuses whose DRF body is a refusal of the input (always 400; 404 where it names the input). */
  refusals: readonly number[];
}

/**
 * The Waldur write endpoints (contracts/waldur README, "Status codes", "Request bodies"), one
 * method each. Every POST is sent once (`idempotent: false`: a lost answer is OUTCOME_UNKNOWN,
 * never retried); PATCH and DELETE are idempotent. Refusals come back as `{ ok: false }` with
 * DRF's messages; other statuses throw through `errorForStatus` (404 NOT_FOUND, 403
 * UPSTREAM_FORBIDDEN…), whose messages never quote a body.
 */
export class WaldurWriteClient {
  readonly #t: WaldurTransport;

  constructor(transport: WaldurTransport) {
    this.#t = transport;
  }

  /** `POST /api/users/` (staff only) → 201 `User`. */
  async createUser(ctx: CallContext, body: WaldurUserWrite): Promise<WaldurWriteAnswer<WaldurUser>> {
    const call = { operation: 'users_create', method: 'POST', path: '/api/users/', json: body, idempotent: false, accept: [201], refusals: [400] } as const;
    return this.#user(ctx, call);
  }

  /** `PATCH /api/users/{uuid}/` with only the fields to change → 200 `User`. */
  async updateUser(ctx: CallContext, uuid: string, body: WaldurUserWrite): Promise<WaldurWriteAnswer<WaldurUser>> {
    const call = {
      operation: 'users_partial_update',
      method: 'PATCH',
      path: userPath(uuid),
      json: body,
      idempotent: true,
      accept: [200],
      refusals: [400],
    } as const;
    return this.#user(ctx, call);
  }

  /** `DELETE /api/users/{uuid}/` (staff only) → 204. */
  async deleteUser(ctx: CallContext, uuid: string): Promise<void> {
    await this.#exchange(ctx, { operation: 'users_destroy', method: 'DELETE', path: userPath(uuid), idempotent: true, accept: [204] });
  }

  /**
   * `POST /api/{customers|projects}/{uuid}/{add_user|update_user|delete_user}/`: add_user → 201,
   * the others → 200 (bodies ignored: the caller re-reads the user). A DRF 404 means the scope
   * does not exist or the credential cannot see it: a refusal of the input, not a missing user.
   */
  async changeRole(
    ctx: CallContext,
    collection: WaldurRoleCollection,
    scopeUuid: string,
    action: WaldurRoleAction,
    body: WaldurRoleRequest,
  ): Promise<WaldurWriteAnswer<null>> {
    const path = `/api/${collection}/${encodeURIComponent(scopeUuid)}/${action}/`;
    const operation = `${collection}_${action}`;
    return this.#action(ctx, {
      operation,
      method: 'POST',
      path,
      json: body,
      idempotent: false,
      accept: [action === 'add_user' ? 201 : 200],
      refusals: [400, 404],
    });
  }

  /** `POST /api/users/{uuid}/change_password/` (staff only, else 403) → 200 `{"status":"password set"}`. */
  changePassword(ctx: CallContext, uuid: string, newPassword: string): Promise<WaldurWriteAnswer<null>> {
    return this.#userAction(ctx, uuid, 'change_password', { new_password: newPassword });
  }

  /** `POST /api/users/{uuid}/change_email/` → 200; Waldur mails a code to the new address. */
  changeEmail(ctx: CallContext, uuid: string, email: string): Promise<WaldurWriteAnswer<null>> {
    return this.#userAction(ctx, uuid, 'change_email', { email });
  }

  /** `POST /api/users/{uuid}/cancel_change_email/` → 200, whether or not a request was pending. */
  cancelChangeEmail(ctx: CallContext, uuid: string): Promise<WaldurWriteAnswer<null>> {
    return this.#userAction(ctx, uuid, 'cancel_change_email');
  }

  /** `POST /api/users/{uuid}/pull_remote_user/` → 200; a bare-array 400 when there is nothing to pull from. */
  pullRemoteUser(ctx: CallContext, uuid: string): Promise<WaldurWriteAnswer<null>> {
    return this.#userAction(ctx, uuid, 'pull_remote_user');
  }

  /**
   * `POST /api/users/confirm_email/ {code}` → 200. Refusals are bare arrays (400), and a DRF 404
   * when no pending request has that code: both are about the code.
   */
  confirmEmail(ctx: CallContext, code: string): Promise<WaldurWriteAnswer<null>> {
    const call = {
      operation: 'users_confirm_email',
      method: 'POST',
      path: '/api/users/confirm_email/',
      json: { code },
      idempotent: false,
      accept: [200],
      refusals: [400, 404],
    } as const;
    return this.#action(ctx, call);
  }

  /**
   * `POST /api/users/{uuid}/refresh_token/` → `UserAuthToken`. Waldur answers 201
   * (`HTTP_201_CREATED` in structure/views.py) where the 7.9.8 schema says 200: both are taken.
   */
  async refreshToken(ctx: CallContext, uuid: string): Promise<WaldurUserAuthToken> {
    const operation = 'users_refresh_token';
    const res = await this.#exchange(ctx, { operation, method: 'POST', path: `${userPath(uuid)}refresh_token/`, idempotent: false, accept: [200, 201] });
    return this.#t.parse(waldurUserAuthTokenSchema, res, operation);
  }

  #userAction(ctx: CallContext, uuid: string, action: string, json?: unknown): Promise<WaldurWriteAnswer<null>> {
    const path = `${userPath(uuid)}${action}/`;
    return this.#action(ctx, {
      operation: `users_${action}`,
      method: 'POST',
      path,
      ...(json === undefined ? {} : { json }),
      idempotent: false,
      accept: [200],
      refusals: [400],
    });
  }

  async #action(ctx: CallContext, call: WriteCall): Promise<WaldurWriteAnswer<null>> {
    const res = await this.#write(ctx, call);
    return 'messages' in res ? res : { ok: true, value: null };
  }

  async #user(ctx: CallContext, call: WriteCall): Promise<WaldurWriteAnswer<WaldurUser>> {
    const res = await this.#write(ctx, call);
    if ('messages' in res) return res;
    return { ok: true, value: this.#t.parse(waldurUserSchema, res, call.operation) };
  }

  /** Sends once; a refusal status with a readable DRF body becomes `{ ok: false }`, another unexpected status throws. */
  async #write(ctx: CallContext, call: WriteCall): Promise<UpstreamResponse | { ok: false; status: number; messages: DrfMessage[] }> {
    const res = await this.#send(ctx, call);
    if (call.refusals.includes(res.status)) {
      // A 404 is a refusal only when DRF wrote it; Django's or a proxy's HTML 404 is not.
      const messages = res.status === 404 && !isDrfDetail(res) ? undefined : readDrfMessages(decodeErrorBody(res.body));
      if (messages) return { ok: false, status: res.status, messages };
      throw errorForStatus(this.#t.source, res.status, res.headers);
    }
    this.#t.expectStatus(res, call.operation, call.accept);
    return res;
  }

  /** Sends once; any status but `accept` throws. */
  async #exchange(ctx: CallContext, call: Omit<WriteCall, 'refusals'>): Promise<UpstreamResponse> {
    const res = await this.#send(ctx, call);
    this.#t.expectStatus(res, call.operation, call.accept);
    return res;
  }

  #send(ctx: CallContext, call: Omit<WriteCall, 'refusals'>): Promise<UpstreamResponse> {
    return this.#t.send(ctx, { method: call.method, path: call.path, ...(call.json === undefined ? {} : { json: call.json }), idempotent: call.idempotent });
  }
}

function userPath(uuid: string): string {
  return `/api/users/${encodeURIComponent(uuid)}/`;
}
