import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import { requireStrings } from '../common/agency-call';
import { AgencyResponder } from '../common/agency-responder';
import { withIdempotency, type AgencyAnswer } from '../common/idempotency';
import { SCHEMAS } from '../common/sandbox-db';

const S = SCHEMAS.bpjsHealth;

/** Stand-in for BPJS Kesehatan: membership end on death, primary clinic moves (and their undo). */
@Controller('bpjs-health/api/v1')
export class BpjsHealthChangesController {
  constructor(
    private readonly ds: DataSource,
    private readonly responder: AgencyResponder,
  ) {}

  @Post('membership-terminations')
  async terminate(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['nik', 'dateOfDeath']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.end(em, body)));
  }

  @Post('clinic-moves')
  async moveClinic(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['nik', 'destinationRegionCode']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.move(em, body)));
  }

  @Post('clinic-moves/restorations')
  async restoreClinic(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['nik', 'previousClinicCode']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.restore(em, body)));
  }

  private async end(em: EntityManager, b: Record<string, string>): Promise<AgencyAnswer> {
    const updated: [unknown[], number] = await em.query(`UPDATE ${S}.members SET ended_on = $2 WHERE nik = $1 AND ended_on IS NULL`, [b.nik, b.dateOfDeath]);
    if (updated[1] === 0) return { status: 200, body: { terminated: false, reason: 'NOT_MEMBER' } };
    return { status: 200, body: { terminated: true } };
  }

  private async move(em: EntityManager, b: Record<string, string>): Promise<AgencyAnswer> {
    const [member]: Array<{ clinic_code: string | null }> = await em.query(`SELECT clinic_code FROM ${S}.members WHERE nik = $1 AND ended_on IS NULL`, [b.nik]);
    if (!member) return { status: 200, body: { moved: false, reason: 'NOT_MEMBER' } };
    const clinicCode = `FKTP-${b.destinationRegionCode}-01`;
    await em.query(`UPDATE ${S}.members SET clinic_code = $2 WHERE nik = $1`, [b.nik, clinicCode]);
    return { status: 200, body: { moved: true, clinicCode, previousClinicCode: member.clinic_code } };
  }

  private async restore(em: EntityManager, b: Record<string, string>): Promise<AgencyAnswer> {
    await em.query(`UPDATE ${S}.members SET clinic_code = $2 WHERE nik = $1`, [b.nik, b.previousClinicCode]);
    return { status: 200, body: { restored: true, clinicCode: b.previousClinicCode } };
  }
}
