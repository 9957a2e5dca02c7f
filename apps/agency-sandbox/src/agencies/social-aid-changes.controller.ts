import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { requireStrings } from '../common/agency-call';
import { AgencyResponder } from '../common/agency-responder';
import { refusal, withIdempotency, type AgencyAnswer } from '../common/idempotency';
import { SCHEMAS } from '../common/sandbox-db';

const S = SCHEMAS.socialAid;
/** Papua's provinces (91-96) are not yet integrated with the national welfare system: a real phased roll-out. */
const NOT_INTEGRATED = /^9[1-6]/;
/** KIP needs a household in the poorest four deciles of the welfare register. */
const MAX_DECILE_FOR_KIP = 4;

/** Stand-in for Kemensos: removals on death, household transfers on moves, welfare status for scholarships. */
@Controller('social-aid/api/v1')
export class SocialAidChangesController {
  constructor(
    private readonly ds: DataSource,
    private readonly responder: AgencyResponder,
  ) {}

  @Post('beneficiary-removals')
  async remove(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['nik', 'kkNumber']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.removal(em, body)));
  }

  @Post('household-transfers')
  async transfer(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['kkNumber', 'newKkNumber', 'destinationRegionCode']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.transferHousehold(em, body)));
  }

  @Post('welfare-confirmations')
  async confirm(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['kkNumber']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.welfare(em, body.kkNumber)));
  }

  private async removal(em: EntityManager, b: Record<string, string>): Promise<AgencyAnswer> {
    const [household]: Array<{ members: number }> = await em.query(`SELECT members FROM ${S}.households WHERE kk_number = $1`, [b.kkNumber]);
    if (!household) return { status: 200, body: { removed: false, reason: 'NOT_IN_REGISTER' } };
    await em.query(`UPDATE ${S}.households SET members = GREATEST(members - 1, 0) WHERE kk_number = $1`, [b.kkNumber]);
    await em.query(`INSERT INTO ${S}.beneficiary_removals (nik, kk_number) VALUES ($1,$2) ON CONFLICT DO NOTHING`, [b.nik, b.kkNumber]);
    return { status: 200, body: { removed: true } };
  }

  private async transferHousehold(em: EntityManager, b: Record<string, string>): Promise<AgencyAnswer> {
    if (NOT_INTEGRATED.test(b.destinationRegionCode)) {
      return refusal(
        'REGION_NOT_INTEGRATED',
        'Wilayah tujuan belum terhubung dengan sistem DTSEN; pemindahan harus dilakukan di kantor dinas sosial.',
        'The destination region is not yet connected to the welfare register; the transfer must be done at the social office.',
      );
    }
    const [household]: Array<{ kk_number: string }> = await em.query(`SELECT kk_number FROM ${S}.households WHERE kk_number = $1`, [b.kkNumber]);
    if (!household) return { status: 200, body: { transferred: false, reason: 'NOT_IN_REGISTER' } };
    const transferId = `TR-${randomUUID().slice(0, 8).toUpperCase()}`;
    await em.query(`INSERT INTO ${S}.household_transfers (transfer_id, old_kk, new_kk, destination_region) VALUES ($1,$2,$3,$4)`, [
      transferId,
      b.kkNumber,
      b.newKkNumber,
      b.destinationRegionCode,
    ]);
    return { status: 200, body: { transferred: true, transferId } };
  }

  private async welfare(em: EntityManager, kkNumber: string): Promise<AgencyAnswer> {
    const [household]: Array<{ decile: number }> = await em.query(`SELECT decile FROM ${S}.households WHERE kk_number = $1`, [kkNumber]);
    if (!household || household.decile > MAX_DECILE_FOR_KIP) {
      return refusal('NOT_ELIGIBLE', 'Keluarga tidak terdaftar di DTSEN desil 1-4, sehingga tidak memenuhi syarat KIP.', 'The household is not in deciles 1-4 of the welfare register, so it is not eligible for KIP.');
    }
    return { status: 200, body: { inRegister: true, decile: household.decile } };
  }
}
