import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { isAgencyId } from '@simpul/contracts';
import { ProblemException } from '@simpul/http';
import { FaultInjector } from '../common/faults';
import { SCHEMAS } from '../common/sandbox-db';

export class FaultDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) failNext?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(400) @Max(599) failStatus?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(120_000) latencyMs?: number;
}

/** Run-time control of the stand-in agencies, for tests and demos. */
@Controller('admin')
export class AdminController {
  constructor(
    private readonly faults: FaultInjector,
    private readonly ds: DataSource,
  ) {}

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

  @Delete('faults')
  @HttpCode(204)
  clear(): void {
    this.faults.clear();
  }

  /** Counts of what each agency has issued, so tests can prove nothing was done twice. */
  @Get('records')
  async records() {
    const count = async (table: string) => ((await this.ds.query(`SELECT count(*)::int AS n FROM ${table}`)) as Array<{ n: number }>)[0].n;
    return {
      'civil-registry': { birthCertificates: await count(`${SCHEMAS.civilRegistry}.birth_certificates`) },
      'bpjs-health': { members: await count(`${SCHEMAS.bpjsHealth}.members`) },
      'social-aid': { assessments: await count(`${SCHEMAS.socialAid}.assessments`), grants: await count(`${SCHEMAS.socialAid}.grants`) },
    };
  }
}
