import { Body, Controller, Get, HttpCode, Inject, Injectable, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { AGENCY_IDS, type AgencyId } from '@simpul/contracts';
import { AuditTrail } from '@simpul/audit';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import type { SimpulConfig } from '@simpul/config';
import { fieldProblem } from '@simpul/http';
import { CONNECTION_MODES, CONNECTION_PROFILES, ConnectionRegistry, type AgencyConnectionEntity, type ConnectionMode, type ConnectionProfile, type ConnectionSetting } from '@simpul/persistence';
import { areaReferenceVersion, isKnownRegion, officeName, regionName } from '@simpul/regions';
import { DataSource } from 'typeorm';

export const PHASED_SETTINGS = Symbol('PHASED_SETTINGS');
export interface PhasedSettings {
  /** Agencies whose offices are regional (SIMPUL_REGIONAL_AGENCIES); the others are national: one row, no region. */
  regionalAgencies: string[];
  /** Per agency, the profile of an API row that names none: the agency worker's SIMPUL_AGENCY_<ID>_MODE. */
  defaultProfiles: Record<string, ConnectionProfile>;
  /** Whether a gateway is configured (SIMPUL_GATEWAY_URL, read from the same configuration as the agency workers). */
  gatewayConfigured: boolean;
}

/** The back office reads the agency workers' connection settings from the same configuration (no credentials used). */
export function phasedSettings(config: SimpulConfig): PhasedSettings {
  const agencies = Object.entries(config.agencies);
  return {
    regionalAgencies: config.auth.regionalAgencies,
    defaultProfiles: Object.fromEntries(agencies.map(([id, c]) => [id, c.defaultProfile])),
    gatewayConfigured: agencies.length > 0 && agencies.every(([, c]) => !!c.gateway),
  };
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

  @ApiPropertyOptional({ enum: CONNECTION_PROFILES, nullable: true, description: "API only: DIRECT (the agency itself) or GATEWAY (through SPLP); absent or null: as the agency worker is configured" })
  @IsOptional()
  @IsIn(CONNECTION_PROFILES as unknown as string[])
  profile?: ConnectionProfile;

  @ApiPropertyOptional({ description: 'why (kept in the audit trail)' })
  @IsOptional()
  @IsString()
  @Length(3, 500)
  reason?: string;
}

type Row = Pick<AgencyConnectionEntity, 'agency' | 'regionCode' | 'mode' | 'profile' | 'changedAt' | 'changedBy'>;

/** The profile an API row's steps use: the row's, else the agency worker's configured one; null for other modes. */
export function effectiveProfile(mode: ConnectionMode, profile: ConnectionProfile | null | undefined, agency: string, settings: PhasedSettings): ConnectionProfile | null {
  return mode === 'API' ? (profile ?? settings.defaultProfiles[agency] ?? 'DIRECT') : null;
}

export function connectionView(row: Row, settings: PhasedSettings) {
  return {
    agency: row.agency,
    region: row.regionCode || null,
    regionName: row.regionCode ? (regionName(row.regionCode) ?? null) : null,
    office: officeName(row.agency as AgencyId, row.regionCode),
    mode: row.mode,
    /** As set on the row (null: the agency worker's configuration decides). */
    profile: row.profile ?? null,
    effectiveProfile: effectiveProfile(row.mode, row.profile, row.agency, settings),
    changedAt: new Date(row.changedAt).toISOString(),
    changedBy: row.changedBy,
  };
}

/** The connection registry's operator side: read it, change one agency's mode (and profile) in one region (audited). */
@Injectable()
export class ConnectionsService {
  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly audit: AuditTrail,
    private readonly ds: DataSource,
    @Inject(PHASED_SETTINGS) private readonly settings: PhasedSettings,
  ) {}

  async list() {
    const { regionalAgencies, defaultProfiles, gatewayConfigured } = this.settings;
    const items = (await this.registry.list()).map((row) => connectionView(row, this.settings));
    return { reference: areaReferenceVersion(), regionalAgencies, defaultMode: 'API', defaultProfiles, gatewayConfigured, items };
  }

  /** Takes effect for every step not started yet (the agency workers read the registry at each step's first call). */
  async set(principal: Principal, dto: SetConnectionDto) {
    const region = dto.region ?? '';
    if (region && !this.settings.regionalAgencies.includes(dto.agency)) throw fieldProblem('region', `${dto.agency} is a national agency: one row for the whole country, without a region`);
    if (region && !isKnownRegion(region)) throw fieldProblem('region', `region ${region} is not a province or regency in the Ministry of Home Affairs' area reference (${areaReferenceVersion()})`);
    if (dto.profile && dto.mode !== 'API') throw fieldProblem('profile', `a connection profile is for API rows only; a ${dto.mode} row has none`);
    if (dto.profile === 'GATEWAY' && !this.settings.gatewayConfigured) throw fieldProblem('profile', 'no gateway is configured (SIMPUL_GATEWAY_URL): the agency workers cannot reach the agency through it');
    const setting: ConnectionSetting = { mode: dto.mode, profile: dto.profile ?? null };
    return this.ds.transaction(async (m) => {
      const { previous, row } = await this.registry.set(dto.agency, region, setting, principal.subject, m);
      const before = previous ? { mode: previous.mode, profile: previous.profile ?? null } : null;
      const details = { from: previous?.mode ?? 'API (default)', to: dto.mode, before, after: { mode: setting.mode, profile: setting.profile } };
      await this.audit.append({ actor: principal, action: 'connection.change', subject: { agency: dto.agency, region: region || 'ALL' }, reason: dto.reason, details }, m);
      return { ...connectionView(row, this.settings), previous: previous?.mode ?? null, previousProfile: previous?.profile ?? null };
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
