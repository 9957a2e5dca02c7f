import { Module } from '@nestjs/common';
import { settingsFrom } from '@simpul/config';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TASK_SETTINGS, TasksService, type TaskSettings } from './tasks.service';

/** Officers' work queues: tasks of their agency (and region), claims, decisions. */
@Module({
  controllers: [TasksController],
  providers: [
    settingsFrom<TaskSettings>(TASK_SETTINGS, (c) => ({ hourMs: c.slaSecondsPerHour * 1000, claimTtlSeconds: c.taskClaimTtlSeconds, regionalAgencies: c.auth.regionalAgencies })),
    TasksRepository,
    TasksService,
  ],
  exports: [TasksRepository, TasksService],
})
export class TasksModule {}
