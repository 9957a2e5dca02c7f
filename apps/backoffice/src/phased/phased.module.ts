import { Module } from '@nestjs/common';
import { settingsFrom } from '@simpul/config';
import { ConnectionsController, ConnectionsService, PHASED_SETTINGS, phasedSettings, type PhasedSettings } from './connections.controller';
import { IntegrationMetrics, IntegrationProgressController, IntegrationProgressService } from './integration-progress';
import { ManualTasksController } from './manual-tasks.controller';
import { ManualTasksService } from './manual-tasks.service';

/** Phased integration: the connection registry, the integration progress report, the manual lane's tasks (their repositories are libs/persistence's). */
@Module({
  controllers: [ManualTasksController, ConnectionsController, IntegrationProgressController],
  providers: [
    settingsFrom<PhasedSettings>(PHASED_SETTINGS, phasedSettings),
    ConnectionsService,
    ManualTasksService,
    IntegrationProgressService,
    IntegrationMetrics,
  ],
})
export class PhasedModule {}
