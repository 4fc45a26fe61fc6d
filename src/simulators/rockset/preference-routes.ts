import { isPlainObject, jsonResponse } from '../sim-types.js';
import type { CallerHandler } from './auth.js';
import { describe, invalidInput, readJsonObject } from './request-body.js';
import type { RocksetUnsubscribePreference } from './wire.js';

// Notification preferences are the caller's own (`/users/self/preferences`): no privilege is
// needed beyond a valid API key, so a `read-only` user may unsubscribe from emails too. The
// privilege list (Privilege.ActionEnum) has no entry for them, which suggests Rockset does not
// gate them by role either; unverified.

/** GET /v1/orgs/self/users/self/preferences → `{data: UnsubscribePreference[]}`. */
export const listPreferences: CallerHandler = (_req, _params, store, caller) => jsonResponse(200, { data: store.preferencesOf(caller) });

/**
 * POST /v1/orgs/self/users/self/preferences with `{data: UnsubscribePreference[]}` replaces
 * the caller's whole list and answers it (`UpdateUnsubscribePreferencesResponse`). The spec marks
 * `data` optional like every codegen field; a body without it is a 400 here rather than a
 * silent "unsubscribe from nothing".
 */
export const updatePreferences: CallerHandler = (req, _params, store, caller) => {
  const body = readJsonObject(req);
  if (!body.ok) return body.response;
  const data = body.value['data'];
  if (data === undefined || data === null) return invalidInput('data', 'is required');
  if (!Array.isArray(data)) return invalidInput('data', `must be a list of notification preferences, but got ${describe(data)}`);
  const prefs: RocksetUnsubscribePreference[] = [];
  for (const [i, item] of (data as unknown[]).entries()) {
    const type = isPlainObject(item) ? item['notificationType'] : undefined;
    if (typeof type !== 'string' || type === '') return invalidInput(`data[${i}].notificationType`, 'is required and must be a non-empty string');
    prefs.push({ notificationType: type });
  }
  return jsonResponse(200, { data: store.setPreferences(caller, prefs) });
};
