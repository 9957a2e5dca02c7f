import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import { requireStrings } from '../common/agency-call';
import { AgencyResponder } from '../common/agency-responder';
import { withIdempotency, type AgencyAnswer } from '../common/idempotency';
import { SCHEMAS } from '../common/sandbox-db';

const S = SCHEMAS.bpjsEmployment;

/** Stand-in for BPJS Ketenagakerjaan: opens the heirs' death benefit (JKM) claim for members. */
@Controller('bpjs-employment/api/v1')
export class BpjsEmploymentController {
  constructor(
    private readonly ds: DataSource,
    private readonly responder: AgencyResponder,
  ) {}

  @Post('death-benefit-claims')
  async open(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['deceasedNik', 'heirNik', 'dateOfDeath']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.claim(em, body)));
  }

  private async claim(em: EntityManager, b: Record<string, string>): Promise<AgencyAnswer> {
    const [member]: Array<{ kpj_number: string }> = await em.query(`SELECT kpj_number FROM ${S}.members WHERE nik = $1 AND active`, [b.deceasedNik]);
    if (!member) return { status: 200, body: { opened: false, reason: 'NOT_MEMBER' } };
    const [existing]: Array<{ claim_number: string }> = await em.query(`SELECT claim_number FROM ${S}.death_benefit_claims WHERE deceased_nik = $1`, [b.deceasedNik]);
    if (existing) return { status: 200, body: { opened: true, claimNumber: existing.claim_number } };
    await em.query('SELECT pg_advisory_xact_lock(4246)');
    const [{ c }]: Array<{ c: number }> = await em.query(`SELECT count(*)::int AS c FROM ${S}.death_benefit_claims`);
    const claimNumber = `JKM-${member.kpj_number}-${String(c + 1).padStart(4, '0')}`;
    await em.query(`INSERT INTO ${S}.death_benefit_claims (claim_number, deceased_nik, heir_nik) VALUES ($1,$2,$3)`, [claimNumber, b.deceasedNik, b.heirNik]);
    return { status: 201, body: { opened: true, claimNumber } };
  }
}
