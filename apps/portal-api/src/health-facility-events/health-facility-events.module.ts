import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { OutboxModule } from '../outbox/outbox.module';
import { ApplicationDraftsController } from './application-drafts.controller';
import { DraftExpiryService } from './draft-expiry.service';
import { DraftsRepository } from './drafts.repository';
import { DraftsService } from './drafts.service';
import { HealthFacilityEventsController } from './health-facility-events.controller';

/** Proactive services: facilities' FHIR notifications open drafts the family confirms (docs/health-facility-events.md). */
@Module({
  imports: [ApplicationsModule, OutboxModule],
  controllers: [HealthFacilityEventsController, ApplicationDraftsController],
  providers: [DraftsRepository, DraftsService, DraftExpiryService],
})
export class HealthFacilityEventsModule {}
