import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, settingsFrom, type SimpulConfig } from '@simpul/config';
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
        SettingsModule,
        PortalTemporalModule,
        FamilyCardModule,
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

/** portal-api's settings, derived from the configuration (libs/config's SIMPUL_CONFIG), for every feature module. */
@Global()
@Module({
  providers: [
    settingsFrom(PortalSettings, (c) => new PortalSettings(c.applicantPepper, c.slaSecondsPerHour, c.databaseUrl, loadKeyRing(c))),
    settingsFrom(PresenceClient, (c) => new PresenceClient({ issuer: c.auth.issuer, ...c.auth.presenceClient })),
  ],
  exports: [PortalSettings, PresenceClient],
})
class SettingsModule {}
