/**
 * Starts the OpenTelemetry SDK (W3C trace context, OTLP over HTTP) when the standard variables ask
 * for it: `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the exporter reads
 * them, with `OTEL_EXPORTER_OTLP_HEADERS`), or `OTEL_TRACES_EXPORTER=otlp`; `OTEL_SDK_DISABLED=true`
 * wins. Without them nothing is started, and the spans the gateway makes through
 * `@opentelemetry/api` are no-ops. Returns how to flush and stop.
 *
 * The SDK and the exporter are loaded only then: about 230 modules and 20 MB of resident memory
 * that a gateway without tracing never needs (issue 28).
 */
export async function startTracing(env: NodeJS.ProcessEnv = process.env): Promise<(() => Promise<void>) | undefined> {
  if (env['OTEL_SDK_DISABLED'] === 'true') return undefined;
  const wanted =
    Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) || (env['OTEL_TRACES_EXPORTER'] ?? '').split(',').includes('otlp');
  if (!wanted) return undefined;
  const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor }, { NodeTracerProvider }] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/sdk-trace-node'),
  ]);
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
