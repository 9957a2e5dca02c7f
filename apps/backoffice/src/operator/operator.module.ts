import { Module } from '@nestjs/common';
import { settingsFrom } from '@simpul/config';
import { AesGcmPayloadCodec, loadPayloadKeys } from '@simpul/temporal';
import { ApplicationActionsService } from './applications/application-actions.service';
import { OperatorApplicationsController } from './applications/operator-applications.controller';
import { OperatorApplicationsRepository } from './applications/operator-applications.repository';
import { OperatorApplicationsService } from './applications/operator-applications.service';
import { OperatorActionsController } from './common/operator-actions.controller';
import { OperatorActionsRepository } from './common/operator-actions.repository';
import { OPERATOR_SETTINGS, type OperatorSettings } from './common/operator-settings';
import { DashboardController, DashboardService } from './dashboard/dashboard.controller';
import { DashboardRepository } from './dashboard/dashboard.repository';
import { EvidenceController } from './evidence.controller';
import { IncidentsController } from './incidents.controller';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';
import { PAYLOAD_CODEC, TemporalCodecController } from './temporal-codec.controller';

/**
 * The operator console's API: search, the application page (timeline, decoded workflow history, masking), actions
 * (retry, cancel, resolve, resend), evidence, incidents, the dashboard, and the Temporal UI's codec endpoint. Dead
 * letters are their own module (DeadLettersModule), which records its actions here.
 */
@Module({
  controllers: [OperatorApplicationsController, IncidentsController, EvidenceController, DashboardController, OperatorActionsController, TemporalCodecController],
  providers: [
    settingsFrom<OperatorSettings>(OPERATOR_SETTINGS, (c) => ({ temporalUiUrl: c.temporalUiUrl, temporalNamespace: c.temporalNamespace })),
    settingsFrom(PAYLOAD_CODEC, (c) => new AesGcmPayloadCodec(loadPayloadKeys(c))),
    OperatorActionsRepository,
    OperatorApplicationsRepository,
    OperatorApplicationsService,
    ApplicationActionsService,
    IncidentsRepository,
    IncidentsService,
    DashboardRepository,
    DashboardService,
  ],
  exports: [OperatorActionsRepository],
})
export class OperatorModule {}
