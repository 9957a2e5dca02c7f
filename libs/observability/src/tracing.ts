import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { context, propagation, trace, type Attributes, type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

/** Writes finished spans as JSON lines: the local, dependency-free exporter for development and tests. */
export class FileSpanExporter implements SpanExporter {
  constructor(private readonly file: string) {
    mkdirSync(join(file, '..'), { recursive: true });
  }
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const lines = spans.map((s) =>
      JSON.stringify({
        traceId: s.spanContext().traceId,
        spanId: s.spanContext().spanId,
        parentSpanId: s.parentSpanId ?? null,
        name: s.name,
        service: s.resource.attributes['service.name'],
        attributes: s.attributes,
        start: s.startTime,
        end: s.endTime,
      }),
    );
    appendFileSync(this.file, lines.map((l) => l + '\n').join(''));
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

export interface TracingSettings {
  /** Directory for JSON-lines span files, one per service (local development and tests). */
  dir?: string;
  /** OTLP/HTTP traces endpoint, e.g. http://otel-collector:4318/v1/traces. */
  otlpUrl?: string;
}

export interface Tracing {
  resource: Resource;
  processor: SpanProcessor;
  shutdown(): Promise<void>;
}

/**
 * Sets up OpenTelemetry for this process (the Node SDK); without a destination, tracing stays a no-op. Besides our own
 * spans (HTTP routes, Kafka consumption, workflows, agency calls) the instrumentations add incoming and outgoing HTTP
 * (http, express; undici for fetch, which the agency adapters use) and every PostgreSQL query (pg, statement text only:
 * parameters, which may be personal data, are never recorded). Client and query spans only inside a trace, so polling
 * loops and health checks make no root spans. Modules loaded before this call are not instrumented: express and pg are
 * loaded later (by NestFactory and TypeORM), fetch is instrumented through diagnostics channels.
 */
export function initTracing(service: string, settings: TracingSettings): Tracing | undefined {
  if (!settings.dir && !settings.otlpUrl) return undefined;
  const resource = new Resource({ 'service.name': service });
  const processor = settings.otlpUrl
    ? new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.otlpUrl }))
    : new SimpleSpanProcessor(new FileSpanExporter(join(settings.dir as string, `traces-${service.replace(/[^a-z0-9-]/gi, '-')}.jsonl`)));
  const sdk = new NodeSDK({
    resource,
    autoDetectResources: false,
    spanProcessors: [processor],
    contextManager: new AsyncLocalStorageContextManager(),
    textMapPropagator: new W3CTraceContextPropagator(),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)\b/.test(req.url ?? ''),
        requireParentforOutgoingSpans: true,
      }),
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER] }),
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
      new UndiciInstrumentation({ requireParentforSpans: true }),
    ],
  });
  sdk.start();
  active = { resource, processor, shutdown: () => sdk.shutdown() };
  return active;
}

let active: Tracing | undefined;
/** The tracing set up by initTracing in this process, if any (workers export workflow spans through it). */
export const activeTracing = (): Tracing | undefined => active;

export const tracer = (): Tracer => trace.getTracer('simpul');

/** Runs `work` in a span (a child of the active one), recording failures; attributes never carry personal data. */
export async function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message.slice(0, 200) : 'error' });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The active trace context as W3C headers (traceparent), to carry across Kafka, the outbox and HTTP. */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Runs `work` inside the trace context carried by headers (Kafka message headers, HTTP headers). */
export function withTraceFrom<T>(headers: Record<string, string | Buffer | Array<string | Buffer> | undefined>, work: () => Promise<T>): Promise<T> {
  const carrier: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) carrier[k] = (Array.isArray(v) ? v[0] : v).toString();
  return context.with(propagation.extract(context.active(), carrier), work);
}

export const APPLICATION_ID = 'simpul.application_id';
