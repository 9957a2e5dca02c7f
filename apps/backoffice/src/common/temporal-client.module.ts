import { Global, Module } from '@nestjs/common';
import { SIMPUL_CONFIG, type SimpulConfig } from '@simpul/config';
import { ReadinessRegistry } from '@simpul/observability';
import { TemporalReadiness, connectClient, type TemporalClientHandle } from '@simpul/temporal';

/** The back office's one Temporal client (officer decisions, operator actions, retention), a readiness check. */
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [SIMPUL_CONFIG, ReadinessRegistry],
      useFactory: async (config: SimpulConfig, readiness: ReadinessRegistry): Promise<TemporalClientHandle> => {
        const handle = await connectClient(config);
        readiness.register(new TemporalReadiness(handle.connection));
        return handle;
      },
    },
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalClientModule {}
