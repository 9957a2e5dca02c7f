import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type SimpulConfig } from '@simpul/config';
import { AuthModule } from '@simpul/auth';
import { MessagingModule } from '@simpul/messaging';
import { frontDoorController, lifeEventCatalogController } from '@simpul/http';
import { JsonLogger, ObservabilityModule } from '@simpul/observability';
import { PersistenceModule } from '@simpul/persistence';
import { loadKeyRing } from '@simpul/crypto';
import { AuditModule } from '@simpul/audit';
import { ApplicationsModule } from './applications/applications.module';
import { LiveModule } from './live/live.module';
import { PortalSettings } from './portal.settings';
import { PresenceClient } from './presence/presence.client';
import { PresenceChecksController } from './presence/presence-checks.controller';
import { WebhooksModule } from './webhooks/webhooks.module';
import { HealthFacilityEventsModule } from './health-facility-events/health-facility-events.module';
import { OutboxMetricsService } from './outbox-metrics.service';
import { CitizenResponsesController, CitizenResponsesService } from './responses/citizen-responses';
import { PortalTemporalModule } from './common/portal-temporal';
import { FamilyCardModule } from './family-card/family-card.module';

@Module({})
export class PortalApiModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    return {
      module: PortalApiModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot(logger),
        AuthModule.forRoot(config.auth),
        PersistenceModule.forRoot(config.databaseUrl, 'portal-api'),
        AuditModule,
        MessagingModule.forRoot({ brokers: config.kafkaBrokers, clientId: `${config.kafkaClientId}-portal-api` }),
        { module: SettingsModule, global: true, providers: [{ provide: PortalSettings, useValue: new PortalSettings(config.applicantPepper, config.slaSecondsPerHour, config.databaseUrl, loadKeyRing(config)) }, { provide: PresenceClient, useValue: new PresenceClient({ issuer: config.auth.issuer, ...config.auth.presenceClient }) }], exports: [PortalSettings, PresenceClient] },
        PortalTemporalModule.forRoot(config),
        FamilyCardModule.forRoot(config.familyCard),
        ApplicationsModule,
        LiveModule,
        WebhooksModule,
        HealthFacilityEventsModule,
      ],
      controllers: [frontDoorController('/docs'), lifeEventCatalogController('citizen', 'portal', 'operator', 'officer', 'supervisor', 'counter-officer'), CitizenResponsesController, PresenceChecksController],
      providers: [OutboxMetricsService, CitizenResponsesService],
    };
  }
}

@Module({})
class SettingsModule {}
