import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import { requireStrings } from '../common/agency-call';
import { AgencyResponder } from '../common/agency-responder';
import { refusal, withIdempotency, type AgencyAnswer } from '../common/idempotency';
import { SCHEMAS } from '../common/sandbox-db';

const S = SCHEMAS.education;

/** Stand-in for Kemendikbudristek: issues the KIP card for a pupil at a known school. */
@Controller('education/api/v1')
export class EducationController {
  constructor(
    private readonly ds: DataSource,
    private readonly responder: AgencyResponder,
  ) {}

  @Post('kip-cards')
  async issue(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['pupilNik', 'schoolNpsn']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.card(em, body)));
  }

  private async card(em: EntityManager, b: Record<string, string>): Promise<AgencyAnswer> {
    const [school]: Array<{ name: string }> = await em.query(`SELECT name FROM ${S}.schools WHERE npsn = $1`, [b.schoolNpsn]);
    if (!school) return refusal('SCHOOL_UNKNOWN', 'Sekolah dengan NPSN tersebut tidak terdaftar di Dapodik.', 'No school with that NPSN is registered.');
    const [existing]: Array<{ kip_number: string }> = await em.query(`SELECT kip_number FROM ${S}.kip_cards WHERE pupil_nik = $1`, [b.pupilNik]);
    if (existing) return { status: 200, body: { kipNumber: existing.kip_number, school: school.name } };
    await em.query('SELECT pg_advisory_xact_lock(4247)');
    const [{ c }]: Array<{ c: number }> = await em.query(`SELECT count(*)::int AS c FROM ${S}.kip_cards`);
    const kipNumber = `KIP${b.schoolNpsn}${String(c + 1).padStart(5, '0')}`;
    await em.query(`INSERT INTO ${S}.kip_cards (kip_number, pupil_nik, npsn) VALUES ($1,$2,$3)`, [kipNumber, b.pupilNik, b.schoolNpsn]);
    return { status: 201, body: { kipNumber, school: school.name } };
  }
}
