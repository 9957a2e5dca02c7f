import type { Provider } from '@nestjs/common';
import type { SimpulConfig } from '@simpul/config';
import { ApplicationActionsService } from './applications/application-actions.service';
import { OperatorApplicationsController } from './applications/operator-applications.controller';
import { OperatorApplicationsRepository } from './applications/operator-applications.repository';
import { OperatorApplicationsService } from './applications/operator-applications.service';
import { OperatorActionsController } from './common/operator-actions.controller';
import { OperatorActionsRepository } from './common/operator-actions.repository';
import { OPERATOR_SETTINGS } from './common/operator-settings';
import { DashboardController, DashboardService } from './dashboard/dashboard.controller';
import { DeadLetterIndexConsumer } from './dead-letters/dead-letter-index.consumer';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { DeadLettersService } from './dead-letters/dead-letters.service';
import { EvidenceController } from './evidence.controller';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

/**
 * The operator console's API: search, the application page (timeline, decoded workflow history, masking),
 * actions (retry, cancel, resolve, resend), dead letters (indexed by their own consumer group), the dashboard.
 * The back office module mounts these beside the officers' routes; they share its Temporal client.
 */
export const OPERATOR_CONTROLLERS = [
  OperatorApplicationsController,
  IncidentsController,
  EvidenceController,
  DeadLettersController,
  DashboardController,
  OperatorActionsController,
  DeadLetterIndexConsumer,
];

export function operatorProviders(config: SimpulConfig): Provider[] {
  return [
    { provide: OPERATOR_SETTINGS, useValue: { temporalUiUrl: config.temporalUiUrl, temporalNamespace: config.temporalNamespace } },
    OperatorActionsRepository,
    OperatorApplicationsRepository,
    OperatorApplicationsService,
    ApplicationActionsService,
    IncidentsService,
    DeadLettersService,
    DashboardService,
  ];
}
