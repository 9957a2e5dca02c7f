export * from './redact';
export * from './logger';
export * from './metrics';
export * from './health';
export * from './metrics.controller';
export * from './observability.module';
export * from './tracing';
export * from './tracing.interceptor';
