import { Module } from '@nestjs/common';
import { ApplicationEventsHub } from './application-events.hub';

/** The one LISTEN connection that wakes live streams and the webhook delivery worker. */
@Module({ providers: [ApplicationEventsHub], exports: [ApplicationEventsHub] })
export class LiveModule {}
