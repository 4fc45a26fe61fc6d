import { ProxyTracerProvider, trace } from '@opentelemetry/api';

/** What the global provider delegates to while no SDK is registered: the API's no-op provider. */
const NO_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * Whether a tracer provider is registered (the SDK started by `startTracing`, or one an embedding
 * program set). When not, every span is a no-op, so the hot paths skip making them: with the
 * API's no-op tracer each still cost a closure, a context switch and the attributes object.
 */
export function tracingActive(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NO_PROVIDER;
}
