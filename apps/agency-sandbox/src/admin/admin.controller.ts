import { Body, Controller, Delete, Get, HttpCode, Injectable, Param, Put } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsIP, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { isAgencyId } from '@simpul/contracts';
import { ProblemException } from '@simpul/http';
import { BpjsEmploymentRepository } from '../agencies/bpjs-employment.repository';
import { BpjsHealthRepository } from '../agencies/bpjs-health.repository';
import { CivilRegistryRepository } from '../agencies/civil-registry.repository';
import { DukcapilSettings } from '../agencies/dukcapil-settings';
import { EducationSettings } from '../agencies/education.controller';
import { EducationRepository } from '../agencies/education.repository';
import { KemensosSettings } from '../agencies/kemensos-batch';
import { ReligiousAffairsRepository } from '../agencies/religious-affairs.repository';
import { SocialAidRepository } from '../agencies/social-aid.repository';
import { FaultInjector } from '../common/faults';
import { GatewaySettings } from '../gateway/gateway.controller';

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

/** The agencies' registers, as the admin API reads and seeds them (each through its own repository). */
@Injectable()
export class SandboxRegisters {
  constructor(
    readonly civil: CivilRegistryRepository,
    readonly health: BpjsHealthRepository,
    readonly socialAid: SocialAidRepository,
    readonly employment: BpjsEmploymentRepository,
    readonly education: EducationRepository,
    readonly kua: ReligiousAffairsRepository,
  ) {}
}

/** Run-time control of the stand-in agencies, for tests and demos. */
@Controller('admin')
export class AdminController {
  constructor(
    private readonly faults: FaultInjector,
    private readonly registers: SandboxRegisters,
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
    const { civil, health, employment } = this.registers;
    await civil.transaction(async (tx) => {
      await tx.addResident({ nik: dto.nik, name: dto.name, sex: dto.sex, birth_date: dto.birthDate, kk_number: dto.kkNumber, family_role: dto.familyRole ?? 'FAMILI LAIN' });
      if (dto.bpjsHealthSegment) {
        // The card number BPJS Kesehatan gives a person added this way: 1 and the NIK's last 12 digits.
        const member = { nik: dto.nik, card_number: `1${dto.nik.slice(-12)}`, segment: dto.bpjsHealthSegment, kk_number: dto.kkNumber, clinic_code: `FKTP-${dto.kkNumber.slice(0, 6)}-01` };
        await health.joining(tx).addMember(member);
      }
      if (dto.bpjsEmploymentKpj) await employment.joining(tx).addMember({ nik: dto.nik, kpj_number: dto.bpjsEmploymentKpj });
    });
    return { nik: dto.nik, created: true };
  }

  /** Counts of what each agency has issued, so tests can prove nothing was done twice. */
  @Get('records')
  async records() {
    const r = this.registers;
    return {
      'civil-registry': await r.civil.counts(),
      'bpjs-health': await r.health.counts(),
      'social-aid': await r.socialAid.counts(),
      'bpjs-employment': await r.employment.counts(),
      education: await r.education.counts(),
      'religious-affairs': await r.kua.counts(),
    };
  }
}
