import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { UuidV4Pipe } from '@simpul/http';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Roles } from '@simpul/auth';
import type { AgencyEvidence } from '@simpul/contracts';

/** What was exchanged with each agency for an application: hashes, status, times and references; no content. */
@ApiTags('operator')
@ApiBearerAuth()
@Controller('v1/operator/applications')
export class EvidenceController {
  constructor(private readonly ds: DataSource) {}

  @Get(':id/evidence')
  @Roles('operator', 'auditor')
  async evidence(@Param('id', UuidV4Pipe) id: string) {
    const exists: unknown[] = await this.ds.query('SELECT 1 FROM applications WHERE id = $1', [id]);
    if (exists.length === 0) throw new NotFoundException(`application ${id} was not found`);
    const rows: Array<{ seq: number; occurred_at: Date; payload: { stepId: string; agency: string; status: string; reference?: string; ruleVersion?: string; evidence: AgencyEvidence } }> =
      await this.ds.query(
        `SELECT seq, occurred_at, payload FROM application_events
          WHERE application_id = $1 AND type = 'StepStatusChanged' AND payload ? 'evidence' ORDER BY seq`,
        [id],
      );
    return {
      applicationId: id,
      items: rows.map((r) => ({
        seq: r.seq,
        stepId: r.payload.stepId,
        agency: r.payload.agency,
        status: r.payload.status,
        reference: r.payload.reference ?? null,
        ruleVersion: r.payload.ruleVersion ?? null,
        recordedAt: new Date(r.occurred_at).toISOString(),
        ...r.payload.evidence,
      })),
    };
  }
}
