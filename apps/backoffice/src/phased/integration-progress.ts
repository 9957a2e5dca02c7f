import { Controller, Get, Header, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Gauge } from 'prom-client';
import { Roles } from '@simpul/auth';
import { registry } from '@simpul/observability';
import { ConnectionRegistry, StepLanesRepository } from '@simpul/persistence';
import { areaReferenceVersion, officeName, regionName } from '@simpul/regions';
import type { AgencyId } from '@simpul/contracts';
import { PHASED_SETTINGS, effectiveProfile, type PhasedSettings } from './connections.controller';

const WINDOW_DAYS = 30;

export interface ProgressItem {
  agency: string;
  region: string | null;
  regionName: string | null;
  office: string;
  mode: string;
  /** API: DIRECT or GATEWAY (the deciding row's, else the agency worker's configuration); null for other modes. */
  profile: string | null;
  changedAt: string | null;
  steps: { api: number; manual: number; waiting: number };
  automatedShare: number | null;
  manualShare: number | null;
  medianSeconds: { api: number | null; manual: number | null };
}

const round = (n: number | null, digits = 3) => (n === null || n === undefined ? null : Math.round(Number(n) * 10 ** digits) / 10 ** digits);

/**
 * Integration progress per agency and region: the mode (from the registry: the row, or the most specific one that
 * covers the region), when it changed, and over the last 30 days the steps started by API and by hand, their shares
 * and the median duration per mode (step_lanes). Rows: every registry row and every region that had steps.
 */
@Injectable()
export class IntegrationProgressService {
  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly lanes: StepLanesRepository,
    @Inject(PHASED_SETTINGS) private readonly settings: PhasedSettings,
  ) {}

  async report(): Promise<{ windowDays: number; since: string; reference: string; items: ProgressItem[] }> {
    const since = new Date(Date.now() - WINDOW_DAYS * 86_400_000);
    const [rows, stats] = await Promise.all([this.registry.list(), this.lanes.progress(since)]);
    const keys = new Map<string, { agency: string; region: string }>();
    for (const r of rows) keys.set(`${r.agency}|${r.regionCode}`, { agency: r.agency, region: r.regionCode });
    for (const s of stats) keys.set(`${s.agency}|${s.region_code}`, { agency: s.agency, region: s.region_code });
    const items: ProgressItem[] = [];
    for (const [key, { agency, region }] of [...keys.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const stat = stats.find((s) => `${s.agency}|${s.region_code}` === key);
      const { mode, profile, decidedBy } = await this.registry.effective(agency, region);
      const api = stat?.api_steps ?? 0;
      const manual = stat?.manual_steps ?? 0;
      items.push({
        agency,
        region: region || null,
        regionName: region ? (regionName(region) ?? null) : null,
        office: officeName(agency as AgencyId, region),
        mode,
        profile: effectiveProfile(mode, profile, agency, this.settings),
        changedAt: decidedBy ? new Date(decidedBy.changedAt).toISOString() : null,
        steps: { api, manual, waiting: stat?.waiting_steps ?? 0 },
        automatedShare: api + manual > 0 ? round(api / (api + manual)) : null,
        manualShare: api + manual > 0 ? round(manual / (api + manual)) : null,
        medianSeconds: { api: round(stat?.median_api_seconds ?? null), manual: round(stat?.median_manual_seconds ?? null) },
      });
    }
    return { windowDays: WINDOW_DAYS, since: since.toISOString(), reference: areaReferenceVersion(), items };
  }

  async csv(): Promise<string> {
    const header = 'agency,region,region_name,office,mode,changed_at,api_steps_30d,manual_steps_30d,waiting_steps,automated_share,manual_share,median_api_seconds,median_manual_seconds,profile';
    const cell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    const lines = (await this.report()).items.map((i) =>
      [i.agency, i.region, i.regionName, i.office, i.mode, i.changedAt, i.steps.api, i.steps.manual, i.steps.waiting, i.automatedShare, i.manualShare, i.medianSeconds.api, i.medianSeconds.manual, i.profile].map(cell).join(','),
    );
    return [header, ...lines].join('\n') + '\n';
  }
}

/** The same figures as Prometheus gauges, computed at each scrape of the back office's /metrics (labels: codes only). */
@Injectable()
export class IntegrationMetrics implements OnModuleInit {
  constructor(private readonly progress: IntegrationProgressService) {}

  onModuleInit(): void {
    const progress = this.progress;
    const labelNames = ['agency', 'region', 'mode'] as const;
    let last: Promise<ProgressItem[]> | undefined;
    // One report per scrape, shared by the three gauges.
    const items = () => (last ??= progress.report().then((r) => r.items).finally(() => setTimeout(() => (last = undefined), 1000)));
    const existing = registry.getSingleMetric('simpul_integration_connection_mode');
    if (existing) return;
    new Gauge({
      name: 'simpul_integration_connection_mode', help: 'Connection mode of an agency in a region (1 for the current mode)', labelNames, registers: [registry],
      async collect() {
        this.reset();
        for (const i of await items()) this.set({ agency: i.agency, region: i.region ?? 'ALL', mode: i.mode }, 1);
      },
    });
    new Gauge({
      name: 'simpul_integration_connection_profile', help: 'Connection profile of an agency in a region whose mode is API (1 for the profile in force)', labelNames: ['agency', 'region', 'profile'], registers: [registry],
      async collect() {
        this.reset();
        for (const i of await items()) if (i.profile) this.set({ agency: i.agency, region: i.region ?? 'ALL', profile: i.profile }, 1);
      },
    });
    new Gauge({
      name: 'simpul_integration_steps_30d', help: 'Steps started in the last 30 days, by agency, region and mode', labelNames, registers: [registry],
      async collect() {
        this.reset();
        for (const i of await items()) for (const [mode, n] of [['API', i.steps.api], ['MANUAL', i.steps.manual], ['UNAVAILABLE', i.steps.waiting]] as const) this.set({ agency: i.agency, region: i.region ?? 'ALL', mode }, n);
      },
    });
    new Gauge({
      name: 'simpul_integration_step_median_seconds', help: 'Median step duration over the last 30 days, by agency, region and mode', labelNames, registers: [registry],
      async collect() {
        this.reset();
        for (const i of await items()) for (const [mode, s] of [['API', i.medianSeconds.api], ['MANUAL', i.medianSeconds.manual]] as const) if (s !== null) this.set({ agency: i.agency, region: i.region ?? 'ALL', mode }, s);
      },
    });
  }
}

@ApiTags('operator')
@ApiBearerAuth()
@Controller('v1/operator')
export class IntegrationProgressController {
  constructor(private readonly progress: IntegrationProgressService) {}

  @Get('integration-progress')
  @Roles('operator', 'auditor')
  report() {
    return this.progress.report();
  }

  @Get('integration-progress.csv')
  @Roles('operator', 'auditor')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="integration-progress.csv"')
  csv() {
    return this.progress.csv();
  }
}
