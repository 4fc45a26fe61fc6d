import { type RouteParams, Router } from '../router.js';
import { jsonResponse, type SimRequest, type SimResponse } from '../sim-types.js';
import { type DqopsPermission, type DqopsPrincipal, hasPermission } from './auth.js';
import { emptyStatus, uncaughtException } from './errors.js';
import { checkConsumes, noRequestBody, readPlainText, readUserModel, type UserModelInput } from './request-body.js';
import type { DqopsState } from './state.js';

export interface DqopsRouteContext {
  principal: DqopsPrincipal;
  state: DqopsState;
}

type Handler = (req: SimRequest, params: RouteParams, ctx: DqopsRouteContext) => SimResponse;

/**
 * UsersController, one handler per operation. The order of checks follows Spring: the mapping's
 * `consumes` (415), then reading the body (400), then `@Secured` (403, empty), then the
 * controller's own checks (406), then the service (404 / 400 / 403 / uncaught 500).
 * Status codes are the contracts/dqops README's, which differ from the swagger's on every write.
 */
export function createDqopsRouter(): Router<DqopsRouteContext> {
  return new Router<DqopsRouteContext>()
    .add(
      'GET',
      '/api/users',
      secured('view', (_req, _params, { state }) => jsonResponse(200, state.list())),
    )
    .add('POST', '/api/users', consumes('application/json', createUser))
    .add('GET', '/api/users/{email}', secured('view', getUser))
    .add('PUT', '/api/users/{email}', consumes('application/json', updateUser))
    .add('DELETE', '/api/users/{email}', secured('manage_account', deleteUser))
    .add('PUT', '/api/users/{email}/password', consumes('text/plain', changeUserPassword))
    .add('PUT', '/api/mypassword', consumes('text/plain', changeCallerPassword));
}

const getUser: Handler = (_req, params, { state }) => {
  const user = state.find(emailOf(params));
  // README: 404 with an empty body (the controller returns a null-bodied ResponseEntity).
  return user ? jsonResponse(200, state.toWire(user)) : emptyStatus(404);
};

/** README: 201 with an empty body; 406 without a body or an email; 400 over the user limit; 403 for an existing user. */
function createUser(req: SimRequest, _params: RouteParams, ctx: DqopsRouteContext): SimResponse {
  const body = readUserModel(req);
  if (body.kind === 'unreadable') return body.response;
  if (!hasPermission(ctx.principal, 'manage_account')) return emptyStatus(403);
  if (body.kind === 'null' || !body.model.email) return emptyStatus(406);
  const model = body.model;
  if (model.accountRole === null) return nullAccountRole(req);
  switch (ctx.state.create(body.model.email, model.accountRole, model.dataDomainRoles ?? {})) {
    case 'created':
      return emptyStatus(201);
    case 'limit':
      return emptyStatus(400); // DQOps Cloud's 412, mapped by the service to DqoUserLimitExceededException
    case 'exists':
      // README: the cloud's other 4xx answers become DqoCloudInvalidKeyException, which the
      // controller maps to 403; there is no 409 anywhere in the instance API.
      return emptyStatus(403);
  }
}

/** README: 204 (the swagger says 201); 406 when the body is missing or its email differs from the path's. */
function updateUser(req: SimRequest, params: RouteParams, ctx: DqopsRouteContext): SimResponse {
  const email = emailOf(params);
  const body = readUserModel(req);
  if (body.kind === 'unreadable') return body.response;
  if (!hasPermission(ctx.principal, 'manage_account')) return emptyStatus(403);
  if (body.kind === 'null' || body.model.email !== email) return emptyStatus(406);
  const model: UserModelInput = body.model;
  if (model.accountRole === null) return nullAccountRole(req);
  if (!ctx.state.update(email, model.accountRole, model.dataDomainRoles)) return userNotFound(req, email);
  return emptyStatus(204);
}

/** README: 204 (the swagger says 200); 404 with an empty body for an unknown user. */
function deleteUser(_req: SimRequest, params: RouteParams, { state }: DqopsRouteContext): SimResponse {
  return state.delete(emailOf(params)) ? emptyStatus(204) : emptyStatus(404);
}

/**
 * README: 204 (the swagger says 201); `@Secured(manage_account)` at the controller blocks
 * non-admins even for their own email; 406 for an empty password.
 */
function changeUserPassword(req: SimRequest, params: RouteParams, ctx: DqopsRouteContext): SimResponse {
  const email = emailOf(params);
  if (!hasPermission(ctx.principal, 'manage_account')) return emptyStatus(403);
  const password = readPlainText(req);
  if (password === '') return emptyStatus(406);
  return ctx.state.setPassword(email, password) ? emptyStatus(204) : userNotFound(req, email);
}

/**
 * README: 204 (the swagger says 201) and no empty-password check in the controller, so an
 * empty body meets Spring's required-body check (400) instead.
 */
function changeCallerPassword(req: SimRequest, _params: RouteParams, ctx: DqopsRouteContext): SimResponse {
  if (req.body.length === 0) return noRequestBody(req);
  if (!hasPermission(ctx.principal, 'view')) return emptyStatus(403);
  const email = ctx.principal.email;
  if (email === null || !ctx.state.setPassword(email, readPlainText(req))) return userNotFound(req, email ?? '');
  return emptyStatus(204);
}

/** The `{email}` segment; the router matches no route with an empty one. */
function emailOf(params: RouteParams): string {
  return params['email'] ?? '';
}

function secured(permission: DqopsPermission, handler: Handler): Handler {
  return (req, params, ctx) => (hasPermission(ctx.principal, permission) ? handler(req, params, ctx) : emptyStatus(403));
}

function consumes(type: 'application/json' | 'text/plain', handler: Handler): Handler {
  return (req, params, ctx) => checkConsumes(req, type) ?? handler(req, params, ctx);
}

/**
 * The service throws DqoUserNotFoundException on the cloud's 404 for update and password
 * changes, and the controller does not catch it: a 500 (README's inference for update; the
 * same code path for the password operations).
 */
function userNotFound(req: SimRequest, email: string): SimResponse {
  return uncaughtException(req.path, 'com.dqops.core.dqocloud.users.DqoUserNotFoundException', `User ${email} not found`);
}

/**
 * The service calls `userModel.getAccountRole().convertToApiEnum()` without a null check
 * (UserManagementServiceImpl, read at a pre-HEAD commit): a model without `accountRole` ends
 * in an uncaught NullPointerException.
 */
function nullAccountRole(req: SimRequest): SimResponse {
  return uncaughtException(
    req.path,
    'java.lang.NullPointerException',
    'Cannot invoke "com.dqops.core.dqocloud.login.DqoUserRole.convertToApiEnum()" because the return value of "com.dqops.core.dqocloud.users.DqoUserRolesModel.getAccountRole()" is null',
  );
}
