import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { metrics } from './metrics';
import { APPLICATION_ID, tracer } from './tracing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One server span and one request count per HTTP request, continuing the caller's trace (traceparent), named by
 * route, never by URL values.
 * The application id becomes a span attribute when the route or the answer names one.
 */
@Injectable()
export class TracingInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & { route?: { path?: string } }>();
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer().startSpan(`HTTP ${req.method} ${req.route?.path ?? 'unknown'}`, { kind: SpanKind.SERVER }, parent);
    const route = req.route?.path ?? 'unknown';
    const count = (status: number) => metrics.httpRequests.inc({ method: req.method, route, status: String(status) });
    const id = req.params?.id;
    if (typeof id === 'string' && UUID.test(id)) span.setAttribute(APPLICATION_ID, id);
    return new Observable((subscriber) => {
      context.with(trace.setSpan(parent, span), () => {
        next.handle().subscribe({
          next: (value: unknown) => {
            const answered = (value as { id?: unknown } | null)?.id;
            if (typeof answered === 'string' && UUID.test(answered)) span.setAttribute(APPLICATION_ID, answered);
            subscriber.next(value);
          },
          error: (err: unknown) => {
            count(typeof (err as { getStatus?: () => number }).getStatus === 'function' ? (err as { getStatus: () => number }).getStatus() : 500);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            subscriber.error(err);
          },
          complete: () => {
            const status = ctx.switchToHttp().getResponse<Response>().statusCode;
            count(status);
            span.setAttribute('http.status_code', status);
            span.end();
            subscriber.complete();
          },
        });
      });
    });
  }
}
