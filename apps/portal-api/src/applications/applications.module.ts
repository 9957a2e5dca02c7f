import { Module } from '@nestjs/common';
import { ApplicationsController } from './applications.controller';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';
import { OutboxModule } from '../outbox/outbox.module';

/** Intake and the status read API. The live streams (live/) build on it; it does not know them (no import cycle). */
@Module({
  imports: [OutboxModule],
  controllers: [ApplicationsController],
  providers: [ApplicationsRepository, ApplicationsService],
  exports: [ApplicationsService, ApplicationsRepository],
})
export class ApplicationsModule {}
