import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { requireStrings } from '../common/agency-call';
import { AgencyResponder } from '../common/agency-responder';
import { refusal, withIdempotency, type AgencyAnswer } from '../common/idempotency';
import { IdempotencyRepository } from '../common/idempotency.repository';
import { SocialAidRepository } from './social-aid.repository';

/** Papua's provinces (91-96) are not yet integrated with the national welfare system: a real phased roll-out. */
const NOT_INTEGRATED = /^9[1-6]/;
/** KIP needs a household in the poorest four deciles of the welfare register. */
const MAX_DECILE_FOR_KIP = 4;

/** Stand-in for Kemensos: removals on death, household transfers on moves, welfare status for scholarships. */
@Controller('social-aid/api/v1')
export class SocialAidChangesController {
  constructor(
    private readonly register: SocialAidRepository,
    private readonly keys: IdempotencyRepository,
    private readonly responder: AgencyResponder,
  ) {}

  @Post('beneficiary-removals')
  async remove(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['nik', 'kkNumber']);
    this.responder.send(res, await withIdempotency(this.keys, this.register, key, body, (register) => removal(register, body)));
  }

  @Post('household-transfers')
  async transfer(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['kkNumber', 'newKkNumber', 'destinationRegionCode']);
    this.responder.send(res, await withIdempotency(this.keys, this.register, key, body, (register) => transferHousehold(register, body)));
  }

  @Post('welfare-confirmations')
  async confirm(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['kkNumber']);
    this.responder.send(res, await withIdempotency(this.keys, this.register, key, body, (register) => welfare(register, body.kkNumber)));
  }
}

async function removal(register: SocialAidRepository, b: Record<string, string>): Promise<AgencyAnswer> {
  if (!(await register.household(b.kkNumber))) return { status: 200, body: { removed: false, reason: 'NOT_IN_REGISTER' } };
  await register.removeBeneficiary(b.nik, b.kkNumber);
  return { status: 200, body: { removed: true } };
}

async function transferHousehold(register: SocialAidRepository, b: Record<string, string>): Promise<AgencyAnswer> {
  if (NOT_INTEGRATED.test(b.destinationRegionCode)) {
    return refusal(
      'REGION_NOT_INTEGRATED',
      'Wilayah tujuan belum terhubung dengan sistem DTSEN; pemindahan harus dilakukan di kantor dinas sosial.',
      'The destination region is not yet connected to the welfare register; the transfer must be done at the social office.',
    );
  }
  if (!(await register.household(b.kkNumber))) return { status: 200, body: { transferred: false, reason: 'NOT_IN_REGISTER' } };
  const transferId = `TR-${randomUUID().slice(0, 8).toUpperCase()}`;
  await register.transferHousehold({ transfer_id: transferId, old_kk: b.kkNumber, new_kk: b.newKkNumber, destination_region: b.destinationRegionCode });
  return { status: 200, body: { transferred: true, transferId } };
}

async function welfare(register: SocialAidRepository, kkNumber: string): Promise<AgencyAnswer> {
  const household = await register.household(kkNumber);
  if (!household || household.decile > MAX_DECILE_FOR_KIP) {
    return refusal('NOT_ELIGIBLE', 'Keluarga tidak terdaftar di DTSEN desil 1-4, sehingga tidak memenuhi syarat KIP.', 'The household is not in deciles 1-4 of the welfare register, so it is not eligible for KIP.');
  }
  return { status: 200, body: { inRegister: true, decile: household.decile } };
}
