import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsTimestamp } from '@simpul/http';
import { Roles } from '@simpul/auth';
import { DashboardRepository } from './dashboard.repository';

export class DashboardQueryDto {
  @ApiPropertyOptional({ description: 'applications filed at or after (ISO 8601)' })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  @ApiPropertyOptional({ description: 'applications filed before (ISO 8601)' })
  @IsOptional()
  @IsTimestamp()
  to?: string;
}

/**
 * The operator dashboard's figures, straight from the read model: applications per status and life event, SLA
 * breaches per agency (all and still open), and the median and 95th percentile of each step's time from start to
 * end (completed steps only, `percentile_cont`, in seconds).
 */
@Injectable()
export class DashboardService {
  constructor(private readonly repo: DashboardRepository) {}

  async figures(from?: string, to?: string) {
    const range: [string | null, string | null] = [from ?? null, to ?? null];
    const [byStatus, breaches, durations] = await Promise.all([this.repo.byStatus(range), this.repo.breaches(range), this.repo.stepDurations(range)]);
    return {
      from: from ?? null,
      to: to ?? null,
      applications: byStatus.map((r) => ({ lifeEvent: r.life_event, status: r.status, count: r.n })),
      slaBreaches: breaches.map((r) => ({ agency: r.agency, breaches: r.breaches, open: r.open })),
      stepDurations: durations.map((r) => ({
        lifeEvent: r.life_event,
        stepId: r.step_id,
        agency: r.agency,
        count: r.n,
        medianSeconds: round(r.median),
        p95Seconds: round(r.p95),
      })),
    };
  }
}

function round(x: number | string): number {
  return Math.round(Number(x) * 1000) / 1000;
}

@ApiTags('operator')
@ApiBearerAuth()
@Controller('v1/operator/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @Roles('operator', 'auditor')
  figures(@Query() q: DashboardQueryDto) {
    return this.dashboard.figures(q.from, q.to);
  }
}
