import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { DataSource, type EntityManager } from 'typeorm';
import type { SimpulConfig } from '@simpul/config';
import { JsonLogger, ObservabilityModule, ReadinessRegistry } from '@simpul/observability';
import { AdminController, SandboxRegisters } from './admin/admin.controller';
import { BpjsHealthController, BpjsHealthSettings } from './agencies/bpjs-health.controller';
import { CivilRegistryController } from './agencies/civil-registry.controller';
import { SocialAidController } from './agencies/social-aid.controller';
import { SocialAidRepository } from './agencies/social-aid.repository';
import { KemensosBatch, KemensosSettings } from './agencies/kemensos-batch';
import type { BridgingCredentials } from './agencies/bpjs-bridging';
import { DukcapilSettings } from './agencies/dukcapil-settings';
import { SocialAidChangesController } from './agencies/social-aid-changes.controller';
import { BpjsEmploymentController, BpjsEmploymentSettings } from './agencies/bpjs-employment.controller';
import { EducationController, EducationSettings } from './agencies/education.controller';
import { ReligiousAffairsController, SimkahSettings } from './agencies/religious-affairs.controller';
import { FaultInterceptor } from './common/fault.interceptor';
import { AgencyResponder } from './common/agency-responder';
import { FaultInjector } from './common/faults';
import { createSandboxSchema, SANDBOX_REPOSITORIES } from './common/sandbox-db';
import { SandboxDatabaseRepository, type SandboxRepository } from './common/sandbox.repository';
import { SandboxKeyGuard } from './common/sandbox-key.guard';
import { FrontDoorController } from './front-door/front-door.controller';
import { GatewayController, GatewaySettings } from './gateway/gateway.controller';

/** A repository on the data source's manager (its transactions start from there). */
const repository = (cls: new (em: EntityManager) => SandboxRepository) => ({ provide: cls, inject: [DataSource], useFactory: (ds: DataSource) => new cls(ds.manager) });

@Module({})
export class AgencySandboxModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AgencySandboxModule,
      imports: [ObservabilityModule.forRoot(logger)],
      controllers: [
        CivilRegistryController,
        BpjsHealthController,
        SocialAidController,
        SocialAidChangesController,
        BpjsEmploymentController,
        EducationController,
        ReligiousAffairsController,
        AdminController,
        FrontDoorController,
        GatewayController,
      ],
      providers: [
        FaultInjector,
        {
          provide: BpjsEmploymentSettings,
          useValue: new BpjsEmploymentSettings(config.agencies['bpjs-employment'].credentials as { username: string; password: string }, `${config.sandbox.baseUrl}/bpjs-employment/ws/JkmService`),
        },
        { provide: KemensosSettings, useValue: new KemensosSettings(config.agencies['social-aid'].credentials.apiKey ?? '', config.sandbox.kemensosBatchSeconds) },
        ...SANDBOX_REPOSITORIES.map(repository),
        SandboxRegisters,
        { provide: KemensosBatch, inject: [SocialAidRepository, KemensosSettings], useFactory: (r: SocialAidRepository, s: KemensosSettings) => new KemensosBatch(r, s, logger) },
        { provide: GatewaySettings, useValue: new GatewaySettings(config.sandbox.gatewayClient, config.sandbox.baseUrl) },
        {
          provide: EducationSettings,
          useValue: new EducationSettings(config.agencies.education.credentials as { clientId: string; clientSecret: string }, config.sandbox.tokenTtlSeconds),
        },
        { provide: BpjsHealthSettings, useValue: new BpjsHealthSettings(config.agencies['bpjs-health'].credentials as unknown as BridgingCredentials) },
        {
          provide: DukcapilSettings,
          useValue: new DukcapilSettings(config.agencies['civil-registry'].credentials as { userId: string; password: string }, config.sandbox.civilRegistryAllowedIps),
        },
        {
          provide: SimkahSettings,
          useValue: new SimkahSettings(config.agencies['religious-affairs'].credentials as { userId: string; password: string }, config.sandbox.simkahAllowedIps),
        },
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
            const db = new SandboxDatabaseRepository(ds.manager);
            readiness.register({ name: 'postgres', check: () => db.ping() });
            return ds;
          },
        },
        { provide: APP_GUARD, inject: [Reflector], useFactory: (r: Reflector) =>
            new SandboxKeyGuard(r, { adminKey: config.sandbox.adminKey, apiKeys: Object.fromEntries(Object.entries(config.agencies).map(([a, c]) => [a, c.credentials.apiKey])) }),
        },
        { provide: APP_INTERCEPTOR, useClass: FaultInterceptor },
      ],
    };
  }
}
