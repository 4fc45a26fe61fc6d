import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/**
 * Starts the OpenTelemetry SDK (W3C trace context, OTLP over HTTP) when the standard variables ask
 * for it: `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the exporter reads
 * them, with `OTEL_EXPORTER_OTLP_HEADERS`), or `OTEL_TRACES_EXPORTER=otlp`; `OTEL_SDK_DISABLED=true`
 * wins. Without them nothing is started, and the spans the gateway makes through
 * `@opentelemetry/api` are no-ops. Returns how to flush and stop.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): (() => Promise<void>) | undefined {
  if (env['OTEL_SDK_DISABLED'] === 'true') return undefined;
  const wanted =
    Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) || (env['OTEL_TRACES_EXPORTER'] ?? '').split(',').includes('otlp');
  if (!wanted) return undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env['OTEL_SERVICE_NAME'] ?? 'usergraph' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter(tracesUrl(env) ? { url: tracesUrl(env) } : {}))],
  });
  // Registers the AsyncLocalStorage context manager and the W3C traceparent/baggage propagators.
  provider.register();
  return () => provider.shutdown();
}

/** The OTLP/HTTP traces URL from the environment given (the exporter itself would only read process.env). */
function tracesUrl(env: NodeJS.ProcessEnv): string | undefined {
  const traces = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  if (traces) return traces;
  const base = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}
