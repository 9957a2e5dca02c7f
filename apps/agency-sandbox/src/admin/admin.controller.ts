import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsIP, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { isAgencyId } from '@simpul/contracts';
import { ProblemException } from '@simpul/http';
import { DukcapilSettings } from '../agencies/dukcapil-settings';
import { EducationSettings } from '../agencies/education.controller';
import { KemensosSettings } from '../agencies/kemensos-batch';
import { FaultInjector } from '../common/faults';
import { GatewaySettings } from '../gateway/gateway.controller';
import { SCHEMAS } from '../common/sandbox-db';

export class FaultDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) failNext?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(400) @Max(599) failStatus?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(120_000) latencyMs?: number;
  @IsOptional() @IsString() @Length(1, 100) pathContains?: string;
  @IsOptional() @IsString() @Length(1, 128) correlationId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(600_000) callbackDelayMs?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(5) duplicateCallbacks?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(3_600_000) outageForMs?: number;
  @IsOptional() @Type(() => Number) @Min(0) @Max(1) errorRate?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(600_000) responseDelayMs?: number;
  @IsOptional() @Type(() => Number) @Min(0) @Max(1) dropAfterCommitRate?: number;
}

export class ResidentDto {
  @Matches(/^\d{16}$/) nik!: string;
  @IsString() @Length(1, 120) name!: string;
  @IsIn(['F', 'M']) sex!: 'F' | 'M';
  @Matches(/^\d{4}-\d{2}-\d{2}$/) birthDate!: string;
  @Matches(/^\d{16}$/) kkNumber!: string;
  @IsOptional() @IsIn(['PBI', 'PBPU', 'PPU']) bpjsHealthSegment?: string;
  @IsOptional() @Matches(/^\d{11}$/) bpjsEmploymentKpj?: string;
  /** The person's place on the family card (Dukcapil's STAT_HBKEL). */
  @IsOptional() @IsIn(['KEPALA KELUARGA', 'ISTRI', 'ANAK', 'FAMILI LAIN']) familyRole?: string;
}

export class KemensosDto {
  @IsOptional() @IsString() @Length(8, 128) apiKey?: string;
  @IsOptional() @IsBoolean() paused?: boolean;
}

export class AllowListDto {
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsIP(undefined, { each: true }) ips?: string[];
}

/** Run-time control of the stand-in agencies, for tests and demos. */
@Controller('admin')
export class AdminController {
  constructor(
    private readonly faults: FaultInjector,
    private readonly ds: DataSource,
    private readonly dukcapil: DukcapilSettings,
    private readonly education: EducationSettings,
    private readonly gateway: GatewaySettings,
    private readonly kemensosSettings: KemensosSettings,
  ) {}

  /** What the gateway (SPLP stand-in) forwarded and refused. */
  @Get('gateway')
  gatewayCounts() {
    return { forwarded: this.gateway.forwarded, refused: this.gateway.refused };
  }

  /** Revokes every education token, as a restart of its authorization server would (tests the adapter's refresh). */
  @Delete('education/tokens')
  revokeTokens() {
    const revoked = this.education.tokens.size;
    this.education.tokens.clear();
    return { revoked, refusedTokens: this.education.refusedTokens };
  }

  /** The caller addresses Disdukcapil's stand-in accepts (`{}` restores the configured list). */
  @Put('civil-registry/allowed-ips')
  allowedIps(@Body() dto: AllowListDto) {
    return { ips: this.dukcapil.allow(dto.ips) };
  }

  /** Kemensos' stand-in: hold its batch (`paused`) or expect another key (`apiKey`); `{}` restores both. */
  @Put('social-aid/dtks')
  kemensos(@Body() dto: KemensosDto) {
    return this.kemensosSettings.set(dto);
  }

  @Get('faults')
  list() {
    return this.faults.snapshot();
  }

  @Put('faults/:agency')
  set(@Param('agency') agency: string, @Body() dto: FaultDto) {
    if (!isAgencyId(agency)) throw new ProblemException({ title: 'Unknown agency', status: 404, errors: [{ field: 'agency', message: `agency ${agency} is unknown` }] });
    this.faults.set(agency, dto);
    return this.faults.snapshot()[agency];
  }

  /** The calls one application flow made to each agency (by its correlation id). */
  @Get('calls/:correlationId')
  calls(@Param('correlationId') correlationId: string) {
    return this.faults.callsOf(correlationId);
  }

  @Delete('faults')
  @HttpCode(204)
  clear(): void {
    this.faults.clear();
  }

  /** Adds a person to the registers (tests and demos that need someone new, e.g. a death). Idempotent. */
  @Put('residents/:nik')
  async resident(@Param('nik') nik: string, @Body() dto: ResidentDto) {
    if (nik !== dto.nik) throw new ProblemException({ title: 'Validation failed', status: 422, errors: [{ field: 'nik', message: 'nik must match the path' }] });
    await this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO ${SCHEMAS.civilRegistry}.residents (nik, name, sex, birth_date, kk_number, family_role) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`,
        [dto.nik, dto.name, dto.sex, dto.birthDate, dto.kkNumber, dto.familyRole ?? 'FAMILI LAIN'],
      );
      if (dto.bpjsHealthSegment) {
        await em.query(
          `INSERT INTO ${SCHEMAS.bpjsHealth}.members (nik, card_number, segment, kk_number, clinic_code) VALUES ($1, '1' || right($1, 12), $2, $3, $4) ON CONFLICT DO NOTHING`,
          [dto.nik, dto.bpjsHealthSegment, dto.kkNumber, `FKTP-${dto.kkNumber.slice(0, 6)}-01`],
        );
      }
      if (dto.bpjsEmploymentKpj) {
        await em.query(`INSERT INTO ${SCHEMAS.bpjsEmployment}.members (nik, kpj_number, active) VALUES ($1,$2,true) ON CONFLICT DO NOTHING`, [dto.nik, dto.bpjsEmploymentKpj]);
      }
    });
    return { nik: dto.nik, created: true };
  }

  /** Counts of what each agency has issued, so tests can prove nothing was done twice. */
  @Get('records')
  async records() {
    const count = async (table: string) => ((await this.ds.query(`SELECT count(*)::int AS n FROM ${table}`)) as Array<{ n: number }>)[0].n;
    return {
      'civil-registry': {
        birthCertificates: await count(`${SCHEMAS.civilRegistry}.birth_certificates`),
        deathCertificates: await count(`${SCHEMAS.civilRegistry}.death_certificates`),
        moveLetters: await count(`${SCHEMAS.civilRegistry}.move_letters`),
      },
      'bpjs-health': { members: await count(`${SCHEMAS.bpjsHealth}.members`) },
      'social-aid': {
        proposals: await count(`${SCHEMAS.socialAid}.usulan`),
        pkhDeterminations: await count(`${SCHEMAS.socialAid}.penetapan_pkh`),
        householdTransfers: await count(`${SCHEMAS.socialAid}.household_transfers`),
      },
      'bpjs-employment': { deathBenefitClaims: await count(`${SCHEMAS.bpjsEmployment}.death_benefit_claims`) },
      education: { kipCards: await count(`${SCHEMAS.education}.kip_cards`) },
      'religious-affairs': { marriages: await count(`${SCHEMAS.religiousAffairs}.marriages`) },
    };
  }
}
