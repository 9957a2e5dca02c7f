import { Body, Controller, Headers, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { requireStrings } from '../common/agency-call';
import { AgencyResponder } from '../common/agency-responder';
import { refusal, withIdempotency, type AgencyAnswer } from '../common/idempotency';
import { SCHEMAS } from '../common/sandbox-db';

const S = SCHEMAS.socialAid;

/** Stand-in for Kemensos: updates the welfare register (DTSEN) and grants PKH components after an officer verifies. */
@Controller('social-aid/api/v1')
export class SocialAidController {
  constructor(
    private readonly ds: DataSource,
    private readonly responder: AgencyResponder,
  ) {}

  @Post('assessments')
  async assess(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['kkNumber', 'newMemberNik']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.assessHousehold(em, body.kkNumber)));
  }

  @Post('assessments/:id/grants')
  async grant(
    @Headers('idempotency-key') key: string | undefined,
    @Param('id') assessmentId: string,
    @Body() body: Record<string, string>,
    @Res() res: Response,
  ): Promise<void> {
    requireStrings(body, ['officerId']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, { assessmentId, ...body }, (em) => this.grantPkh(em, assessmentId, body.officerId)));
  }

  private async assessHousehold(em: EntityManager, kkNumber: string): Promise<AgencyAnswer> {
    const [household]: Array<{ pkh_candidate: boolean }> = await em.query(`SELECT pkh_candidate FROM ${S}.households WHERE kk_number = $1`, [kkNumber]);
    const assessmentId = `SA-${randomUUID().slice(0, 8).toUpperCase()}`;
    if (household) await em.query(`UPDATE ${S}.households SET members = members + 1 WHERE kk_number = $1`, [kkNumber]);
    const inRegister = Boolean(household);
    const pkhCandidate = household?.pkh_candidate ?? false;
    await em.query(`INSERT INTO ${S}.assessments (assessment_id, kk_number, in_register, pkh_candidate) VALUES ($1,$2,$3,$4)`, [
      assessmentId,
      kkNumber,
      inRegister,
      pkhCandidate,
    ]);
    return { status: 200, body: { assessmentId, inRegister, pkhCandidate } };
  }

  private async grantPkh(em: EntityManager, assessmentId: string, officerId: string): Promise<AgencyAnswer> {
    const [assessment]: Array<{ pkh_candidate: boolean }> = await em.query(`SELECT pkh_candidate FROM ${S}.assessments WHERE assessment_id = $1`, [assessmentId]);
    if (!assessment) return refusal('ASSESSMENT_UNKNOWN', 'Asesmen tidak ditemukan.', 'The assessment was not found.');
    if (!assessment.pkh_candidate) return refusal('NOT_ELIGIBLE', 'Keluarga tidak memenuhi syarat PKH.', 'The family is not eligible for PKH.');
    const [existing]: Array<{ grant_id: string }> = await em.query(`SELECT grant_id FROM ${S}.grants WHERE assessment_id = $1`, [assessmentId]);
    if (existing) return { status: 200, body: { grantId: existing.grant_id, component: 'EARLY_CHILDHOOD' } };
    const grantId = `PKH-${randomUUID().slice(0, 8).toUpperCase()}`;
    await em.query(`INSERT INTO ${S}.grants (grant_id, assessment_id, officer_id) VALUES ($1,$2,$3)`, [grantId, assessmentId, officerId]);
    return { status: 201, body: { grantId, component: 'EARLY_CHILDHOOD' } };
  }
}
