import { Module } from '@nestjs/common';
import { settingsFrom } from '@simpul/config';
import { ConnectionRegistry, ManualTasksRepository, StepLanesRepository } from '@simpul/persistence';
import { ConnectionsController, ConnectionsService, PHASED_SETTINGS, type PhasedSettings } from './connections.controller';
import { IntegrationMetrics, IntegrationProgressController, IntegrationProgressService } from './integration-progress';
import { ManualTasksController } from './manual-tasks.controller';
import { ManualTasksService } from './manual-tasks.service';

/** Phased integration: the connection registry, the integration progress report, the manual lane's tasks. */
@Module({
  controllers: [ManualTasksController, ConnectionsController, IntegrationProgressController],
  providers: [
    settingsFrom<PhasedSettings>(PHASED_SETTINGS, (c) => ({ regionalAgencies: c.auth.regionalAgencies })),
    ConnectionRegistry,
    StepLanesRepository,
    ManualTasksRepository,
    ConnectionsService,
    ManualTasksService,
    IntegrationProgressService,
    IntegrationMetrics,
  ],
})
export class PhasedModule {}
