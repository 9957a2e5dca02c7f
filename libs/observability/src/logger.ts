import type { LoggerService } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { storage } from 'nestjs-pino/storage';
import pino, { type Logger as Pino } from 'pino';
import { redact, redactString } from './redact';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * What ties a line to the rest: the trace (OpenTelemetry's active span, so logs and spans join on traceId) and, inside
 * an HTTP request, its request id (set by nestjs-pino's pino-http middleware, see ObservabilityModule).
 */
function correlation(): Record<string, string> {
  const out: Record<string, string> = {};
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) {
    out.traceId = span.traceId;
    out.spanId = span.spanId;
  }
  const requestId = storage.getStore()?.logger.bindings().requestId as unknown;
  if (typeof requestId === 'string') out.requestId = requestId;
  return out;
}

/** The pino instance behind every app's logs: JSON lines, ISO times, level names, personal data redacted. */
export function createPino(service: string, level: Level, write: (line: string) => void): Pino {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        // Today's redaction rules (redact.ts) on every field of every line, whoever logs it.
        log: (fields) => redact(fields) as Record<string, unknown>,
      },
      mixin: correlation,
    },
    { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) },
  );
}

/** Structured JSON logs (pino), one line each, personal data redacted. Ids (applicationId, correlationId) pass through. */
export class JsonLogger implements LoggerService {
  readonly pino: Pino;

  constructor(
    service: string,
    level: Level = 'info',
    out: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {
    this.pino = createPino(service, level, out);
  }

  child(context: string): ContextLogger {
    return new ContextLogger(this, context);
  }

  write(level: Level, message: unknown, fields: Record<string, unknown> = {}, context?: string): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const text = typeof message === 'string' ? redactString(message) : JSON.stringify(redact(message));
    this.pino[level](context === undefined ? fields : { context, ...fields }, text);
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, {}, typeof context === 'string' ? context : undefined);
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.write('error', message, trace ? { trace: redactString(String(trace)).split('\n').slice(0, 8).join('\n') } : {}, context);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, {}, typeof context === 'string' ? context : undefined);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, {}, typeof context === 'string' ? context : undefined);
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', message, {}, typeof context === 'string' ? context : undefined);
  }
}

export class ContextLogger {
  constructor(
    private readonly root: JsonLogger,
    private readonly context: string,
  ) {}
  debug(msg: string, fields?: Record<string, unknown>): void {
    this.root.write('debug', msg, fields, this.context);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.root.write('info', msg, fields, this.context);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.root.write('warn', msg, fields, this.context);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.root.write('error', msg, fields, this.context);
  }
}
