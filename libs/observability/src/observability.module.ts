import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TracingInterceptor } from './tracing.interceptor';
import { HealthController, ReadinessRegistry } from './health';
import { JsonLogger } from './logger';
import { MetricsController } from './metrics.controller';

/** Logger, readiness registry, /health and /metrics for every app. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(logger: JsonLogger): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [HealthController, MetricsController],
      providers: [{ provide: JsonLogger, useValue: logger }, ReadinessRegistry, { provide: APP_INTERCEPTOR, useClass: TracingInterceptor }],
      exports: [JsonLogger, ReadinessRegistry],
    };
  }
}
