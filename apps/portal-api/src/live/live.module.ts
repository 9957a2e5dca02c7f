import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { ApplicationEventsController } from './application-events.controller';
import { ApplicationEventsHub } from './application-events.hub';

/** The live streams (SSE) and the one LISTEN connection that wakes them and the webhook delivery worker. */
@Module({ imports: [ApplicationsModule], controllers: [ApplicationEventsController], providers: [ApplicationEventsHub], exports: [ApplicationEventsHub] })
export class LiveModule {}
