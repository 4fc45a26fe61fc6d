import type { GatewayContext } from '../../context.js';
import type { Principal } from '../../request/principal.js';
import type { Logger } from '../logger.js';
import type { GatewayMetrics, OperationOutcome } from '../telemetry/metrics.js';

/** What the request log needs, gathered as the request goes. */
export interface RequestRecord {
  id: string;
  started: number;
  principal: Principal | null;
  context: GatewayContext | undefined;
  /** The code of a refusal made before Apollo saw the request. */
  refusal: string | undefined;
}

/**
 * One request-log line and the operation metrics for a finished GraphQL request: who, which
 * operation, the outcome, the time and the upstream calls. Never the query or the variables.
 */
export function reportRequest(out: { metrics: GatewayMetrics; logger: Logger }, record: RequestRecord, status: number): void {
  const seconds = (performance.now() - record.started) / 1000;
  const r = record.context?.report;
  const errorCodes = record.refusal ? [record.refusal === 'AUTH_THROTTLED' ? 'RATE_LIMITED' : record.refusal] : [...(r?.errorCodes ?? [])];
  const outcome = outcomeOf(record.refusal !== undefined || (status >= 400 && !r?.hasData), status, errorCodes.length > 0, r?.hasData === true);
  const type = r?.operationType ?? 'unknown';
  out.metrics.observeOperation(r?.operationName ?? null, type, outcome, seconds, record.principal?.id ?? 'anonymous');
  for (const [source, code] of r?.sourceErrors ?? []) out.metrics.sourceError(source, code);
  if (status === 429) out.metrics.rateLimited(record.refusal === 'AUTH_THROTTLED' ? 'auth_failures' : record.refusal === 'RATE_LIMITED' ? 'requests' : 'cost');
  // The line is not even built when `info` is off (logLevel warn or silent).
  if (!out.logger.isLevelEnabled('info')) return;
  out.logger.info(
    {
      request: {
        id: record.id,
        operation: r?.operationName?.slice(0, 100) ?? null,
        type,
        status,
        outcome,
        durationMs: Math.round(seconds * 10_000) / 10,
        caller: record.principal?.id ?? null,
        upstreamCalls: record.context?.stats.toJSON().calls ?? 0,
        errorCodes,
      },
    },
    'request',
  );
}

/** What metrics call a request: refused before it ran, failed outright, answered in part, or answered. */
function outcomeOf(refused: boolean, status: number, hasErrors: boolean, hasData: boolean): OperationOutcome {
  if (refused) return status >= 500 ? 'error' : 'refused';
  if (!hasErrors) return 'success';
  return hasData ? 'partial' : 'error';
}
