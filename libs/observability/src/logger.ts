import type { LoggerService } from '@nestjs/common';
import { redact, redactString } from './redact';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured JSON logs, one line each, personal data redacted. Ids (applicationId, correlationId) pass through. */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly level: Level = 'info',
    private readonly out: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  child(context: string): ContextLogger {
    return new ContextLogger(this, context);
  }

  write(level: Level, message: unknown, fields: Record<string, unknown> = {}, context?: string): void {
    if (ORDER[level] < ORDER[this.level]) return;
    const text = typeof message === 'string' ? redactString(message) : JSON.stringify(redact(message));
    const safe = redact(fields) as Record<string, unknown>;
    this.out(JSON.stringify({ time: new Date().toISOString(), level, service: this.service, context, msg: text, ...safe }));
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
