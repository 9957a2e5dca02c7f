import { Module } from '@nestjs/common';
import { settingsFrom } from '@simpul/config';
import { TasksModule } from '../tasks/tasks.module';
import { RetentionRepository } from './retention.repository';
import { RETENTION_SETTINGS, RetentionService, type RetentionSettings } from './retention.service';

/** The retention job: Temporal histories, then the read model, of applications that ended long ago. */
@Module({
  imports: [TasksModule],
  providers: [
    settingsFrom<RetentionSettings>(RETENTION_SETTINGS, (c) => ({ intervalSeconds: c.retentionIntervalSeconds, temporalNamespace: c.temporalNamespace })),
    RetentionRepository,
    RetentionService,
  ],
})
export class RetentionModule {}
