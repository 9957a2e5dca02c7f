import { Module, type DynamicModule } from '@nestjs/common';
import type { SimpulConfig } from '@simpul/config';
import { AuthModule } from '@simpul/auth';
import { MessagingModule } from '@simpul/messaging';
import { frontDoorController } from '@simpul/http';
import { JsonLogger, ObservabilityModule } from '@simpul/observability';
import { PersistenceModule } from '@simpul/persistence';
import { loadKeyRing } from '@simpul/crypto';
import { AuditModule } from '@simpul/audit';
import { ApplicationsModule } from './applications/applications.module';
import { LifeEventsController } from './life-events/life-events.controller';
import { PortalSettings } from './portal.settings';
import { WebhooksModule } from './webhooks/webhooks.module';
import { HealthFacilityEventsModule } from './health-facility-events/health-facility-events.module';
import { OutboxMetricsService } from './outbox-metrics.service';
import { CitizenResponsesController, CitizenResponsesService, RESPONSES_TEMPORAL, lazyTemporal } from './responses/citizen-responses';

@Module({})
export class PortalApiModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    return {
      module: PortalApiModule,
      imports: [
        ObservabilityModule.forRoot(logger),
        AuthModule.forRoot(config.auth),
        PersistenceModule.forRoot(config.databaseUrl, 'portal-api'),
        AuditModule,
        MessagingModule.forRoot({ brokers: config.kafkaBrokers, clientId: `${config.kafkaClientId}-portal-api` }),
        { module: SettingsModule, global: true, providers: [{ provide: PortalSettings, useValue: new PortalSettings(config.applicantPepper, config.slaSecondsPerHour, config.databaseUrl, loadKeyRing(config)) }], exports: [PortalSettings] },
        ApplicationsModule,
        WebhooksModule,
        HealthFacilityEventsModule,
      ],
      controllers: [frontDoorController('/docs'), LifeEventsController, CitizenResponsesController],
      providers: [OutboxMetricsService, CitizenResponsesService, { provide: RESPONSES_TEMPORAL, useValue: lazyTemporal(config) }],
    };
  }
}

@Module({})
class SettingsModule {}
