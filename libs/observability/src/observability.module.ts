import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { TracingInterceptor } from './tracing.interceptor';
import { HealthController, ReadinessRegistry } from './health';
import { JsonLogger } from './logger';
import { MetricsController } from './metrics.controller';

/** A caller's X-Request-Id when it is a plain token, else a new one; echoed on the answer. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Logger, readiness registry, /health and /metrics for every app. nestjs-pino's request middleware gives each HTTP
 * request its id, which every log line written while handling it carries (JsonLogger's mixin); it writes no request
 * lines of its own (the metrics and the spans count requests; a request line would carry URLs and headers).
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(logger: JsonLogger): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: { logger: logger.pino, genReqId: requestId, quietReqLogger: true, customAttributeKeys: { reqId: 'requestId' }, autoLogging: false },
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: JsonLogger, useValue: logger }, ReadinessRegistry, { provide: APP_INTERCEPTOR, useClass: TracingInterceptor }],
      exports: [JsonLogger, ReadinessRegistry],
    };
  }
}
