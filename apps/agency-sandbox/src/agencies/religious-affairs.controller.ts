import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AgencyResponder } from '../common/agency-responder';
import { found, fromDmy, isDmy, listed, refuseCaller, respon, type WsAnswer, type WsBody } from './dukcapil-ws';
import { ReligiousAffairsRepository } from './religious-affairs.repository';

const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** Who may call the KUA stand-in: its one partner user and that user's allowed caller addresses. */
export class SimkahSettings {
  constructor(
    readonly credentials: { userId: string; password: string },
    readonly allowedIps: string[],
  ) {}
}

/**
 * Stand-in for Kemenag's marriage registry (SIMKAH, the system of the KUA offices) in the web-service style it shares
 * with Dukcapil, with which it exchanges NIK data (see dukcapil-ws.ts): user id and password in the JSON body, an
 * allow-list of caller addresses, uppercase Indonesian fields, DD-MM-YYYY dates, always HTTP 200 with refusals as a
 * `RESPON` text, no idempotency key (a caller finds its registration by the NO_REF it sent). A spouse still bound by
 * another marriage on the register is refused; the same couple registered again is the act already made.
 */
@Controller('religious-affairs/ws')
export class ReligiousAffairsController {
  constructor(
    private readonly kua: ReligiousAffairsRepository,
    private readonly responder: AgencyResponder,
    private readonly settings: SimkahSettings,
  ) {}

  private async serve(req: Request, res: Response, body: WsBody, fields: string[], act: (kua: ReligiousAffairsRepository, b: Record<string, string>) => Promise<WsAnswer>): Promise<void> {
    const refused = refuseCaller(req, body ?? {}, fields, this.settings.credentials, this.settings.allowedIps);
    const answer = refused ?? (await this.kua.transaction((kua) => act(kua, body as Record<string, string>)));
    this.responder.reply(res, 200, answer);
  }

  @Post('NIKAH/CARI')
  find(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NO_REF'], async (kua, x) => listed((await kua.actsByRef(x.NO_REF)).map((m) => ({ NO_AKTA_NIKAH: m.act_number, STATUS: m.status }))));
  }

  @Post('NIKAH/DAFTAR')
  register(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK_SUAMI', 'NIK_ISTRI', 'TGL_AKAD', 'TEMPAT_AKAD', 'KODE_KUA', 'NO_REF'], marry);
  }
}

async function marry(kua: ReligiousAffairsRepository, b: Record<string, string>): Promise<WsAnswer> {
  if (!isDmy(b.TGL_AKAD)) return respon('FORMAT TGL_AKAD (DD-MM-YYYY) TIDAK SESUAI');
  if (Number(b.NIK_ISTRI.slice(6, 8)) <= 40) return respon('NIK ISTRI BUKAN NIK PEREMPUAN');
  await kua.lockRegister();
  const bound = await kua.binding(b.NIK_SUAMI, b.NIK_ISTRI);
  const same = bound.find((m) => m.husband_nik === b.NIK_SUAMI && m.wife_nik === b.NIK_ISTRI);
  if (same) return found({ NO_AKTA_NIKAH: same.act_number, STATUS: 'AKTIF', RESPON: 'SUKSES' });
  // Without the religious court's permission (not part of this service), a husband may not marry again.
  if (bound.some((m) => m.husband_nik === b.NIK_SUAMI)) return respon('SUAMI MASIH TERIKAT PERKAWINAN');
  if (bound.length > 0) return respon('ISTRI MASIH TERIKAT PERKAWINAN');
  const [, month, year] = b.TGL_AKAD.split('-');
  if (!ROMAN_MONTHS[Number(month) - 1]) return respon('FORMAT TGL_AKAD (DD-MM-YYYY) TIDAK SESUAI');
  const act = `${String(await kua.nextActSerial(b.KODE_KUA)).padStart(4, '0')}/${b.KODE_KUA}/${ROMAN_MONTHS[Number(month) - 1]}/${year}`;
  await kua.register({ act_number: act, husband_nik: b.NIK_SUAMI, wife_nik: b.NIK_ISTRI, akad_date: fromDmy(b.TGL_AKAD), place: b.TEMPAT_AKAD, kua_code: b.KODE_KUA, client_ref: b.NO_REF });
  return found({ NO_AKTA_NIKAH: act, STATUS: 'AKTIF', RESPON: 'SUKSES' });
}
