import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsTimestamp } from '@simpul/http';
import { DataSource } from 'typeorm';
import { Roles } from '@simpul/auth';

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

const FILED = `($1::timestamptz IS NULL OR a.created_at >= $1) AND ($2::timestamptz IS NULL OR a.created_at < $2)`;

/**
 * The operator dashboard's figures, straight from the read model: applications per status and life event, SLA
 * breaches per agency (all and still open), and the median and 95th percentile of each step's time from start to
 * end (completed steps only, `percentile_cont`, in seconds).
 */
@Injectable()
export class DashboardService {
  constructor(private readonly ds: DataSource) {}

  async figures(from?: string, to?: string) {
    const range = [from ?? null, to ?? null];
    const [byStatus, breaches, durations] = await Promise.all([
      this.ds.query(`SELECT a.life_event, a.status, count(*)::int AS n FROM applications a WHERE ${FILED} GROUP BY 1, 2 ORDER BY 1, 2`, range),
      this.ds.query(
        `SELECT s.agency, count(*)::int AS breaches,
                count(*) FILTER (WHERE s.status IN ('PENDING', 'RUNNING', 'WAITING_FOR_OFFICER', 'WAITING_FOR_CITIZEN'))::int AS open
           FROM application_steps s JOIN applications a ON a.id = s.application_id
          WHERE s.escalated_at IS NOT NULL AND ${FILED} GROUP BY 1 ORDER BY 1`,
        range,
      ),
      this.ds.query(
        `SELECT a.life_event, s.step_id, s.agency, count(*)::int AS n,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.completed_at - s.started_at)) AS median,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM s.completed_at - s.started_at)) AS p95
           FROM application_steps s JOIN applications a ON a.id = s.application_id
          WHERE s.status = 'COMPLETED' AND s.started_at IS NOT NULL AND s.completed_at IS NOT NULL AND ${FILED}
          GROUP BY 1, 2, 3 ORDER BY 1, 2`,
        range,
      ),
    ]);
    return {
      from: from ?? null,
      to: to ?? null,
      applications: (byStatus as Array<{ life_event: string; status: string; n: number }>).map((r) => ({ lifeEvent: r.life_event, status: r.status, count: r.n })),
      slaBreaches: (breaches as Array<{ agency: string; breaches: number; open: number }>).map((r) => ({ agency: r.agency, breaches: r.breaches, open: r.open })),
      stepDurations: (durations as Array<{ life_event: string; step_id: string; agency: string; n: number; median: number; p95: number }>).map((r) => ({
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
