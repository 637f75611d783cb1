import { SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import type { FastifyInstance } from 'fastify';

/**
 * OpenTelemetry traces, loaded only when OTEL_EXPORTER_OTLP_ENDPOINT is set (app.ts imports this
 * file lazily: without it, no OpenTelemetry code runs at all). Spans go to the endpoint over
 * OTLP/HTTP, batched; the exporter reads the other OTEL_* settings (headers, timeout) itself.
 * One provider per process, registered globally so the context follows async work.
 */
let provider: NodeTracerProvider | undefined;

function tracerProvider(url?: string): NodeTracerProvider {
  if (!provider) {
    provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME || 'masthead' }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter(url ? { url } : {}))],
    });
    provider.register();
  }
  return provider;
}

/** Probes and scrapes come every few seconds and say nothing about readers' requests. */
const UNTRACED = new Set(['/livez', '/readyz', '/healthz', '/metrics']);

/**
 * A span per request (route pattern, method, status) and one for its handler, carrying the
 * request id the logs and the response name (never the query); registered before any route so all are covered.
 * Not one per hook: the app has a dozen, and their spans would bury the handler's.
 */
export async function traceRequests(app: FastifyInstance, url: string): Promise<void> {
  const instrumentation = new FastifyOtelInstrumentation({
    instrumentHooks: false,
    ignorePaths: (route) => UNTRACED.has(route.url),
    // The URL's query can hold a one-time link's token or a reader's search: the span keeps the path only.
    requestHook: (span, request) => span.setAttributes({ 'masthead.request_id': request.id, 'url.path': request.url.split('?')[0] }),
  });
  instrumentation.setTracerProvider(tracerProvider(url));
  await app.register(instrumentation.plugin());
  // Spans still in the batch are sent before the process ends.
  app.addHook('onClose', async () => provider?.forceFlush());
}

/** A span around each job run, current while the handler runs so its own spans are its children. */
export function traceJob(name: string, id: string, attempt: number, run: () => Promise<void>): Promise<void> {
  const tracer = tracerProvider().getTracer('masthead-jobs');
  return tracer.startActiveSpan(`job ${name}`, { attributes: { 'job.name': name, 'job.id': id, 'job.attempt': attempt } }, async (span) => {
    try {
      await run();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
