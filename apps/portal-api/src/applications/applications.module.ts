import { Module } from '@nestjs/common';
import { ApplicationsController } from './applications.controller';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';
import { OutboxModule } from '../outbox/outbox.module';
import { LiveModule } from '../live/live.module';
import { ApplicationEventsController } from '../live/application-events.controller';

@Module({
  imports: [OutboxModule, LiveModule],
  controllers: [ApplicationsController, ApplicationEventsController],
  providers: [ApplicationsRepository, ApplicationsService],
  exports: [ApplicationsService],
})
export class ApplicationsModule {}
