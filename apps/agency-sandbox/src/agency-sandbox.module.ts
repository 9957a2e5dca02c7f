import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { SimpulConfig } from '@simpul/config';
import { JsonLogger, ObservabilityModule, ReadinessRegistry } from '@simpul/observability';
import { AdminController } from './admin/admin.controller';
import { BpjsHealthController } from './agencies/bpjs-health.controller';
import { CivilRegistryController } from './agencies/civil-registry.controller';
import { SocialAidController } from './agencies/social-aid.controller';
import { CivilRegistryLifeEventsController } from './agencies/civil-registry-life-events.controller';
import { BpjsHealthChangesController } from './agencies/bpjs-health-changes.controller';
import { SocialAidChangesController } from './agencies/social-aid-changes.controller';
import { BpjsEmploymentController } from './agencies/bpjs-employment.controller';
import { EducationController } from './agencies/education.controller';
import { FaultInterceptor } from './common/fault.interceptor';
import { AgencyResponder } from './common/agency-responder';
import { FaultInjector } from './common/faults';
import { createSandboxSchema } from './common/sandbox-db';
import { SandboxKeyGuard } from './common/sandbox-key.guard';

@Module({})
export class AgencySandboxModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AgencySandboxModule,
      imports: [ObservabilityModule.forRoot(logger)],
      controllers: [
        CivilRegistryController,
        CivilRegistryLifeEventsController,
        BpjsHealthController,
        BpjsHealthChangesController,
        SocialAidController,
        SocialAidChangesController,
        BpjsEmploymentController,
        EducationController,
        AdminController,
      ],
      providers: [
        FaultInjector,
        {
          provide: AgencyResponder,
          inject: [FaultInjector],
          useFactory: (faults: FaultInjector) => new AgencyResponder({ asyncAgencies: config.sandbox.asyncAgencies, secrets: config.callbackSecrets }, faults, logger),
        },
        {
          provide: DataSource,
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry) => {
            const ds = await new DataSource({ type: 'postgres', url: config.databaseUrl, extra: { max: 10, application_name: 'agency-sandbox' } }).initialize();
            await createSandboxSchema(ds);
            readiness.register({ name: 'postgres', check: async () => void (await ds.query('SELECT 1')) });
            return ds;
          },
        },
        { provide: APP_GUARD, inject: [Reflector], useFactory: (r: Reflector) => new SandboxKeyGuard(r, config.sandbox) },
        { provide: APP_INTERCEPTOR, useClass: FaultInterceptor },
      ],
    };
  }
}
