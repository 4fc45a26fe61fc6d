import type { ApolloServerPlugin } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import { getOperationAST } from 'graphql';
import type { GatewayContext } from '../../context.js';
import { everyRequest } from './every-request.js';

/** Longest operation name in a span name or attribute: a client chooses it, and could send 20,000 characters. */
const MAX_NAME = 100;

/**
 * Notes what the request log, the metrics and the request span need from Apollo: the operation's
 * name and type, and the codes of the errors sent (after the partial-results plugin added its own).
 */
export function requestReportPlugin(): ApolloServerPlugin<GatewayContext> {
  return everyRequest({
    // Before validation, so an operation that fails it is still logged and counted by its name.
    validationDidStart({ document, request, contextValue }) {
      const operation = getOperationAST(document, request.operationName);
      contextValue.report.operationName = operation?.name?.value ?? request.operationName ?? null;
      contextValue.report.operationType = operation?.operation ?? null;
    },
    didResolveOperation({ operation, operationName, contextValue }) {
      const type = operation?.operation ?? null;
      contextValue.report.operationName = operationName ?? null;
      contextValue.report.operationType = type;
      const span = trace.getActiveSpan();
      if (span && type) {
        const name = (operationName ?? '(anonymous)').slice(0, MAX_NAME);
        span.updateName(`${type} ${name}`);
        span.setAttributes({ 'graphql.operation.type': type, 'graphql.operation.name': (operationName ?? '').slice(0, MAX_NAME) });
      }
    },
    willSendResponse({ response, contextValue }) {
      if (response.body.kind !== 'single') return;
      const { errors, data } = response.body.singleResult;
      // "error" when no root field has data ({"user": null} and its error), "partial" when some do.
      contextValue.report.hasData = data !== undefined && data !== null && Object.values(data).some((v) => v !== null && v !== undefined);
      for (const e of errors ?? []) {
        const code = e.extensions?.['code'];
        if (typeof code === 'string') contextValue.report.errorCodes.add(code);
        const source = e.extensions?.['source'];
        if (typeof code === 'string' && typeof source === 'string') contextValue.report.sourceErrors.push([source, code]);
      }
    },
  });
}
