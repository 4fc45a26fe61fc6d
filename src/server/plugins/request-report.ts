import type { ApolloServerPlugin } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import type { GatewayContext } from '../../context.js';

/**
 * Notes what the request log, the metrics and the request span need from Apollo: the operation's
 * name and type, and the codes of the errors sent (after the partial-results plugin added its own).
 */
export function requestReportPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, operationName, contextValue }) {
          const type = operation?.operation ?? null;
          contextValue.report.operationName = operationName ?? null;
          contextValue.report.operationType = type;
          const span = trace.getActiveSpan();
          if (span && type) {
            span.updateName(`${type} ${operationName ?? '(anonymous)'}`);
            span.setAttributes({ 'graphql.operation.type': type, 'graphql.operation.name': (operationName ?? '').slice(0, 100) });
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          contextValue.report.hasData = data !== undefined && data !== null;
          for (const e of errors ?? []) {
            const code = e.extensions?.['code'];
            if (typeof code === 'string') contextValue.report.errorCodes.add(code);
          }
        },
      };
    },
  };
}
