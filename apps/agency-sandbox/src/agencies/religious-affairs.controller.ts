import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import { AgencyResponder } from '../common/agency-responder';
import { SCHEMAS } from '../common/sandbox-db';
import { found, fromDmy, isDmy, refuseCaller, respon, RESPON, type WsAnswer, type WsBody } from './dukcapil-ws';

const S = SCHEMAS.religiousAffairs;
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
    private readonly ds: DataSource,
    private readonly responder: AgencyResponder,
    private readonly settings: SimkahSettings,
  ) {}

  private async serve(req: Request, res: Response, body: WsBody, fields: string[], act: (em: EntityManager, b: Record<string, string>) => Promise<WsAnswer>): Promise<void> {
    const refused = refuseCaller(req, body ?? {}, fields, this.settings.credentials, this.settings.allowedIps);
    const answer = refused ?? (await this.ds.transaction((em) => act(em, body as Record<string, string>)));
    this.responder.reply(res, 200, answer);
  }

  @Post('NIKAH/CARI')
  find(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NO_REF'], async (em, x) => {
      const rows = await em.query(`SELECT act_number AS "NO_AKTA_NIKAH", status AS "STATUS" FROM ${S}.marriages WHERE client_ref = $1 ORDER BY registered_at`, [x.NO_REF]);
      return rows.length ? found(...rows) : respon(RESPON.notFound);
    });
  }

  @Post('NIKAH/DAFTAR')
  register(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK_SUAMI', 'NIK_ISTRI', 'TGL_AKAD', 'TEMPAT_AKAD', 'KODE_KUA', 'NO_REF'], (em, x) => marry(em, x));
  }
}

async function marry(em: EntityManager, b: Record<string, string>): Promise<WsAnswer> {
  if (!isDmy(b.TGL_AKAD)) return respon('FORMAT TGL_AKAD (DD-MM-YYYY) TIDAK SESUAI');
  if (Number(b.NIK_ISTRI.slice(6, 8)) <= 40) return respon('NIK ISTRI BUKAN NIK PEREMPUAN');
  await em.query('SELECT pg_advisory_xact_lock(4248)');
  const bound: Array<{ act_number: string; husband_nik: string; wife_nik: string }> = await em.query(
    `SELECT act_number, husband_nik, wife_nik FROM ${S}.marriages WHERE status = 'AKTIF' AND (husband_nik = $1 OR wife_nik = $2)`,
    [b.NIK_SUAMI, b.NIK_ISTRI],
  );
  const same = bound.find((m) => m.husband_nik === b.NIK_SUAMI && m.wife_nik === b.NIK_ISTRI);
  if (same) return found({ NO_AKTA_NIKAH: same.act_number, STATUS: 'AKTIF', RESPON: 'SUKSES' });
  // Without the religious court's permission (not part of this service), a husband may not marry again.
  if (bound.some((m) => m.husband_nik === b.NIK_SUAMI)) return respon('SUAMI MASIH TERIKAT PERKAWINAN');
  if (bound.length > 0) return respon('ISTRI MASIH TERIKAT PERKAWINAN');
  const [, month, year] = b.TGL_AKAD.split('-');
  if (!ROMAN_MONTHS[Number(month) - 1]) return respon('FORMAT TGL_AKAD (DD-MM-YYYY) TIDAK SESUAI');
  const [{ n }]: Array<{ n: number }> = await em.query(`SELECT count(*)::int AS n FROM ${S}.marriages WHERE kua_code = $1 AND client_ref IS NOT NULL`, [b.KODE_KUA]);
  const act = `${String(n + 1).padStart(4, '0')}/${b.KODE_KUA}/${ROMAN_MONTHS[Number(month) - 1]}/${year}`;
  await em.query(`INSERT INTO ${S}.marriages (act_number, husband_nik, wife_nik, akad_date, place, kua_code, client_ref) VALUES ($1,$2,$3,$4,$5,$6,$7)`, [
    act, b.NIK_SUAMI, b.NIK_ISTRI, fromDmy(b.TGL_AKAD), b.TEMPAT_AKAD, b.KODE_KUA, b.NO_REF,
  ]);
  return found({ NO_AKTA_NIKAH: act, STATUS: 'AKTIF', RESPON: 'SUKSES' });
}
