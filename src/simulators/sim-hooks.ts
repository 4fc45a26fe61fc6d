import { ZodError } from 'zod';
import type { FaultTable } from './faults.js';
import type { RequestLog } from './request-log.js';
import { isPlainObject, jsonResponse, type SimRequest, type SimResponse, type VendorSimulator } from './sim-types.js';

export const HOOK_PREFIX = '/__sim/';

/**
 * The test hooks, all under `/__sim/`: never counted, logged or faulted, so a test can look
 * at a simulator without disturbing what it measures.
 *
 *   GET    /__sim/state            everything the simulator holds (secrets included)
 *   POST   /__sim/reset            state back to the seed; log, counters and faults cleared
 *   GET    /__sim/requests         { entries, counters }
 *   DELETE /__sim/requests         clears the log and counters
 *   GET    /__sim/counters         { total, byRoute, byPath }
 *   GET    /__sim/outbox           { messages } (Waldur email-change codes)
 *   GET    /__sim/faults           the active fault rules
 *   POST   /__sim/faults           adds one rule, or { rules: [...] }; 400 names a bad field
 *   DELETE /__sim/faults           clears every rule;  DELETE /__sim/faults/{id} one
 */
export function handleHook(req: SimRequest, sim: VendorSimulator, log: RequestLog, faults: FaultTable): SimResponse {
  const name = req.path.slice(HOOK_PREFIX.length).replace(/\/$/, '');
  const key = `${req.method} ${name}`;
  switch (key) {
    case 'GET state':
      return jsonResponse(200, sim.state());
    case 'POST reset':
      sim.reset();
      log.clear();
      faults.clear();
      return jsonResponse(200, { reset: true });
    case 'GET requests':
      return jsonResponse(200, { entries: log.entries(), counters: log.counters() });
    case 'DELETE requests':
      log.clear();
      return jsonResponse(200, { cleared: true });
    case 'GET counters':
      return jsonResponse(200, log.counters());
    case 'GET outbox':
      return jsonResponse(200, { messages: sim.outbox() });
    case 'GET faults':
      return jsonResponse(200, { rules: faults.list() });
    case 'POST faults':
      return addFaults(req, faults);
    case 'DELETE faults':
      faults.clear();
      return jsonResponse(200, { cleared: true });
  }
  const one = /^faults\/(\d+)$/.exec(name);
  if (one && req.method === 'DELETE') {
    return faults.remove(Number(one[1])) ? jsonResponse(200, { removed: Number(one[1]) }) : jsonResponse(404, { error: `no fault rule with id ${one[1]}` });
  }
  return jsonResponse(404, { error: `unknown simulator hook: ${req.method} ${req.path}` });
}

function addFaults(req: SimRequest, faults: FaultTable): SimResponse {
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8'));
  } catch {
    return jsonResponse(400, { error: 'fault rules must be a JSON object: a rule, or { "rules": [...] }' });
  }
  const rules = isPlainObject(body) && Array.isArray(body['rules']) ? (body['rules'] as unknown[]) : [body];
  try {
    return jsonResponse(201, { rules: faults.add(rules) });
  } catch (err) {
    if (err instanceof ZodError) {
      const issues = err.issues.map((i) => `${i.path.join('.') || '(rule)'}: ${i.message}`);
      return jsonResponse(400, { error: `invalid fault rule: ${issues.join('; ')}` });
    }
    throw err;
  }
}
