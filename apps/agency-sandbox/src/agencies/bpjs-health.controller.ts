import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import { requireStrings } from '../common/agency-call';
import { AgencyResponder } from '../common/agency-responder';
import { withIdempotency, type AgencyAnswer } from '../common/idempotency';
import { SCHEMAS } from '../common/sandbox-db';

const S = SCHEMAS.bpjsHealth;

/** Stand-in for BPJS Kesehatan: a newborn of a member joins the mother's segment (PBI stays PBI). */
@Controller('bpjs-health/api/v1')
export class BpjsHealthController {
  constructor(
    private readonly ds: DataSource,
    private readonly responder: AgencyResponder,
  ) {}

  @Post('newborn-enrolments')
  async enrol(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['motherNik', 'childNik', 'kkNumber']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.enrolNewborn(em, body)));
  }

  private async enrolNewborn(em: EntityManager, body: Record<string, string>): Promise<AgencyAnswer> {
    const [mother]: Array<{ segment: string }> = await em.query(`SELECT segment FROM ${S}.members WHERE nik = $1`, [body.motherNik]);
    if (!mother) return { status: 200, body: { enrolled: false, reason: 'FAMILY_NOT_MEMBER' } };
    const [existing]: Array<{ card_number: string; segment: string }> = await em.query(`SELECT card_number, segment FROM ${S}.members WHERE nik = $1`, [body.childNik]);
    if (existing) return { status: 200, body: { enrolled: true, cardNumber: existing.card_number, segment: existing.segment } };
    await em.query('SELECT pg_advisory_xact_lock(4343)');
    const [{ n }]: Array<{ n: number }> = await em.query(`SELECT count(*)::int AS n FROM ${S}.members`);
    const cardNumber = `0002${String(n + 1).padStart(9, '0')}`;
    await em.query(`INSERT INTO ${S}.members (nik, card_number, segment, kk_number) VALUES ($1,$2,$3,$4)`, [
      body.childNik,
      cardNumber,
      mother.segment,
      body.kkNumber,
    ]);
    return { status: 201, body: { enrolled: true, cardNumber, segment: mother.segment } };
  }
}
