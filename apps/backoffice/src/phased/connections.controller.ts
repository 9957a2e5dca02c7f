import { Body, Controller, Get, HttpCode, Inject, Injectable, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { AGENCY_IDS, type AgencyId } from '@simpul/contracts';
import { AuditTrail } from '@simpul/audit';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { ProblemException } from '@simpul/http';
import { CONNECTION_MODES, ConnectionRegistry, type AgencyConnectionEntity, type ConnectionMode } from '@simpul/persistence';
import { areaReferenceVersion, isKnownRegion, officeName, regionName } from '@simpul/regions';
import { DataSource } from 'typeorm';

export const PHASED_SETTINGS = Symbol('PHASED_SETTINGS');
export interface PhasedSettings {
  /** Agencies whose offices are regional (SIMPUL_REGIONAL_AGENCIES); the others are national: one row, no region. */
  regionalAgencies: string[];
}

export class SetConnectionDto {
  @ApiProperty({ enum: AGENCY_IDS })
  @IsIn(AGENCY_IDS as unknown as string[])
  agency!: AgencyId;

  @ApiPropertyOptional({ description: "a province's 2 digits or a regency's 4 (Kemendagri); empty or absent: the agency as a whole" })
  @IsOptional()
  @IsString()
  @Matches(/^(\d{2}|\d{4})?$/, { message: "region must be a province's 2 digits or a regency's 4" })
  region?: string;

  @ApiProperty({ enum: CONNECTION_MODES })
  @IsIn(CONNECTION_MODES as unknown as string[])
  mode!: ConnectionMode;

  @ApiPropertyOptional({ description: 'why (kept in the audit trail)' })
  @IsOptional()
  @IsString()
  @Length(3, 500)
  reason?: string;
}

const invalid = (field: string, message: string) =>
  new ProblemException({ type: 'https://simpul.go.id/problems/validation', title: 'Validation failed', status: 422, detail: 'one or more fields are invalid', errors: [{ field, message }] });

export function connectionView(row: Pick<AgencyConnectionEntity, 'agency' | 'regionCode' | 'mode' | 'changedAt' | 'changedBy'>) {
  return {
    agency: row.agency,
    region: row.regionCode || null,
    regionName: row.regionCode ? (regionName(row.regionCode) ?? null) : null,
    office: officeName(row.agency as AgencyId, row.regionCode),
    mode: row.mode,
    changedAt: new Date(row.changedAt).toISOString(),
    changedBy: row.changedBy,
  };
}

/** The connection registry's operator side: read it, change one agency's mode in one region (audited). */
@Injectable()
export class ConnectionsService {
  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly audit: AuditTrail,
    private readonly ds: DataSource,
    @Inject(PHASED_SETTINGS) private readonly settings: PhasedSettings,
  ) {}

  async list() {
    return { reference: areaReferenceVersion(), regionalAgencies: this.settings.regionalAgencies, defaultMode: 'API', items: (await this.registry.list()).map(connectionView) };
  }

  /** Takes effect for every step not started yet (the agency workers read the registry at each step's first call). */
  async set(principal: Principal, dto: SetConnectionDto) {
    const region = dto.region ?? '';
    if (region && !this.settings.regionalAgencies.includes(dto.agency)) throw invalid('region', `${dto.agency} is a national agency: one row for the whole country, without a region`);
    if (region && !isKnownRegion(region)) throw invalid('region', `region ${region} is not a province or regency in the Ministry of Home Affairs' area reference (${areaReferenceVersion()})`);
    return this.ds.transaction(async (m) => {
      const { previous, row } = await this.registry.set(dto.agency, region, dto.mode, principal.subject, m);
      await this.audit.append(
        { actor: principal, action: 'connection.change', subject: { agency: dto.agency, region: region || 'ALL' }, reason: dto.reason, details: { from: previous ?? 'API (default)', to: dto.mode } },
        m,
      );
      return { ...connectionView(row), previous: previous ?? null };
    });
  }
}

@ApiTags('operator')
@ApiBearerAuth()
@Controller('v1/operator/connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Get()
  @Roles('operator', 'auditor')
  list() {
    return this.connections.list();
  }

  @Put()
  @HttpCode(200)
  @Roles('operator')
  set(@CurrentPrincipal() principal: Principal, @Body() dto: SetConnectionDto) {
    return this.connections.set(principal, dto);
  }
}
