import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Retention of the manual lane (`step_lanes`, `manual_tasks`, both libs/persistence's): the call held for an office
 * not connected, and what its officers entered, go; the lane's mode and times stay (the integration progress report
 * counts them). Kept beside the phased repositories rather than in them while branch `profile` reworks those; the
 * lead may fold these two statements into StepLanesRepository and ManualTasksRepository at the merge.
 */
@Injectable()
export class ManualLaneRetention {
  async anonymise(m: EntityManager, applicationId: string): Promise<void> {
    await m.query(`UPDATE step_lanes SET request = NULL WHERE application_id = $1`, [applicationId]);
    await m.query(
      `UPDATE manual_tasks SET outputs = NULL, document_number = NULL, reason = CASE WHEN reason IS NULL THEN NULL ELSE '[purged]' END WHERE application_id = $1`,
      [applicationId],
    );
  }
}
