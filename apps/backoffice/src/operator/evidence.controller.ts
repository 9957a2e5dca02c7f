import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { UuidV4Pipe } from '@simpul/http';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@simpul/auth';
import { OperatorApplicationsRepository } from './applications/operator-applications.repository';

/** What was exchanged with each agency for an application: hashes, status, times and references; no content. */
@ApiTags('operator')
@ApiBearerAuth()
@Controller('v1/operator/applications')
export class EvidenceController {
  constructor(private readonly repo: OperatorApplicationsRepository) {}

  @Get(':id/evidence')
  @Roles('operator', 'auditor')
  async evidence(@Param('id', UuidV4Pipe) id: string) {
    if (!(await this.repo.exists(id))) throw new NotFoundException(`application ${id} was not found`);
    const rows = await this.repo.evidence(id);
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
