import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import { AgencyResponder } from '../common/agency-responder';
import { SCHEMAS } from '../common/sandbox-db';
import { DukcapilSettings } from './dukcapil-settings';
import { found, fromDmy, isDmy, refuseCaller, respon, RESPON, type WsAnswer, type WsBody } from './dukcapil-ws';

const S = SCHEMAS.civilRegistry;
type Act = (em: EntityManager, b: Record<string, string>) => Promise<WsAnswer>;

/**
 * Stand-in for Disdukcapil in its web-service style (see dukcapil-ws.ts): births, deaths, moves (SKPWNI) and their
 * cancellation, marriages a KUA registered (both spouses KAWIN, a new KK), family checks, and searches by the caller's
 * reference (NO_REF) or by NIK. No idempotency: a repeated DAFTAR registers again, so a careful caller searches first
 * (a marriage is recorded once per KUA act, its natural key).
 */
@Controller('civil-registry/ws')
export class CivilRegistryController {
  constructor(
    private readonly ds: DataSource,
    private readonly responder: AgencyResponder,
    private readonly settings: DukcapilSettings,
  ) {}

  private async serve(req: Request, res: Response, body: WsBody, fields: string[], act: Act): Promise<void> {
    const refused = refuseCaller(req, body ?? {}, fields, this.settings.credentials, this.settings.allowedIps);
    const answer = refused ?? (await this.ds.transaction((em) => act(em, body as Record<string, string>)));
    this.responder.reply(res, 200, answer);
  }

  @Post('CALL_NIK')
  callNik(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK'], async (em, x) => {
      const rows = await em.query(
        `SELECT nik AS "NIK", kk_number AS "NO_KK", name AS "NAMA_LGKP", to_char(birth_date, 'DD-MM-YYYY') AS "TGL_LHR",
                CASE sex WHEN 'F' THEN 'PEREMPUAN' ELSE 'LAKI-LAKI' END AS "JENIS_KLMIN" FROM ${S}.residents WHERE nik = $1 AND deceased_on IS NULL`,
        [x.NIK],
      );
      return rows.length ? found(...rows) : respon(RESPON.notFound);
    });
  }

  /** The family card of a NO_KK: every living member with their place in the family (STAT_HBKEL). */
  @Post('CALL_KK')
  callFamilyCard(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NO_KK'], async (em, x) => {
      const rows = await em.query(
        `SELECT nik AS "NIK", kk_number AS "NO_KK", name AS "NAMA_LGKP", to_char(birth_date, 'DD-MM-YYYY') AS "TGL_LHR",
                CASE sex WHEN 'F' THEN 'PEREMPUAN' ELSE 'LAKI-LAKI' END AS "JENIS_KLMIN", family_role AS "STAT_HBKEL"
         FROM ${S}.residents WHERE kk_number = $1 AND deceased_on IS NULL ORDER BY birth_date, nik`,
        [x.NO_KK],
      );
      return rows.length ? found(...rows) : respon(RESPON.notFound);
    });
  }

  @Post('LAHIR/CARI')
  findBirth(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NO_REF'], (em, x) =>
      search(em, `SELECT akta_number AS "NO_AKTA_LHR", child_nik AS "NIK", kk_number AS "NO_KK" FROM ${S}.birth_certificates WHERE client_ref = $1 ORDER BY registered_at`, x.NO_REF),
    );
  }

  @Post('LAHIR/DAFTAR')
  registerBirth(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK_IBU', 'NO_KK', 'NAMA_LGKP', 'JENIS_KLMIN', 'TGL_LHR', 'TMPT_LHR', 'NO_REF'], (em, x) => birth(em, x));
  }

  @Post('MATI/CARI')
  findDeath(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK'], (em, x) =>
      search(em, `SELECT akta_number AS "NO_AKTA_MATI", kk_number AS "NO_KK", coalesce(client_ref, '') AS "NO_REF" FROM ${S}.death_certificates WHERE nik = $1`, x.NIK),
    );
  }

  @Post('MATI/DAFTAR')
  registerDeath(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK', 'NO_KK', 'TGL_MATI', 'TMPT_MATI', 'NIK_PELAPOR', 'NO_REF'], (em, x) => death(em, x));
  }

  @Post('PINDAH/CARI')
  findMove(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NO_REF'], (em, x) =>
      search(em, `SELECT skpwni_number AS "NO_SKPWNI", new_kk AS "NO_KK_BARU", status AS "STATUS" FROM ${S}.move_letters WHERE client_ref = $1 ORDER BY issued_at`, x.NO_REF),
    );
  }

  @Post('PINDAH/DAFTAR')
  registerMove(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK', 'NO_KK', 'KODE_WIL_TUJUAN', 'ALAMAT_TUJUAN', 'TGL_PINDAH', 'NO_REF'], (em, x) => move(em, x));
  }

  @Post('PINDAH/BATAL')
  cancelMove(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NO_SKPWNI'], async (em, x) => {
      const [rows, n]: [Array<{ skpwni_number: string }>, number] = await em.query(`UPDATE ${S}.move_letters SET status = 'BATAL' WHERE skpwni_number = $1 RETURNING skpwni_number`, [x.NO_SKPWNI]);
      return n === 0 ? respon('NO_SKPWNI TIDAK DITEMUKAN') : found({ NO_SKPWNI: rows[0].skpwni_number, STATUS: 'BATAL', RESPON: 'SUKSES' });
    });
  }

  @Post('KAWIN/CARI')
  findMarriage(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NO_REF'], (em, x) =>
      search(em, `SELECT marriage_act AS "NO_AKTA_NIKAH", new_kk AS "NO_KK_BARU" FROM ${S}.marriage_records WHERE client_ref = $1 ORDER BY registered_at`, x.NO_REF),
    );
  }

  /** A marriage the KUA registered (its act number): both spouses KAWIN, and a new family card with the husband as head. */
  @Post('KAWIN/DAFTAR')
  registerMarriage(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK_SUAMI', 'NIK_ISTRI', 'NO_AKTA_NIKAH', 'TGL_KAWIN', 'NO_REF'], (em, x) => marriage(em, x));
  }

  @Post('KK/CEK')
  checkFamily(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK', 'NO_KK'], async (em, x) => {
      const [person]: Array<{ kk_number: string }> = await em.query(`SELECT kk_number FROM ${S}.residents WHERE nik = $1 AND deceased_on IS NULL`, [x.NIK]);
      if (!person || person.kk_number !== x.NO_KK) return respon('NIK TIDAK TERCATAT DALAM KK');
      const [{ n }]: Array<{ n: number }> = await em.query(`SELECT count(*)::int AS n FROM ${S}.residents WHERE kk_number = $1 AND deceased_on IS NULL`, [x.NO_KK]);
      return found({ NIK: x.NIK, NO_KK: x.NO_KK, JML_ANGGOTA_KK: n });
    });
  }
}

async function search(em: EntityManager, sql: string, key: string): Promise<WsAnswer> {
  const rows = await em.query(sql, [key]);
  return rows.length ? found(...rows) : respon(RESPON.notFound);
}

/** Serial numbers are per table; the lock keeps two registrations from taking the same one. */
async function next(em: EntityManager, table: string, lock: number, where = 'true', params: unknown[] = []): Promise<number> {
  await em.query('SELECT pg_advisory_xact_lock($1)', [lock]);
  const [{ n }]: Array<{ n: number }> = await em.query(`SELECT count(*)::int AS n FROM ${S}.${table} WHERE ${where}`, params);
  return n + 1;
}

async function birth(em: EntityManager, b: Record<string, string>): Promise<WsAnswer> {
  if (!isDmy(b.TGL_LHR) || !['LAKI-LAKI', 'PEREMPUAN'].includes(b.JENIS_KLMIN)) return respon('FORMAT TGL_LHR (DD-MM-YYYY) ATAU JENIS_KLMIN TIDAK SESUAI');
  const [mother]: Array<{ sex: string; kk_number: string }> = await em.query(`SELECT sex, kk_number FROM ${S}.residents WHERE nik = $1`, [b.NIK_IBU]);
  if (!mother) return respon('NIK IBU TIDAK TERDAFTAR');
  if (mother.sex !== 'F') return respon('NIK IBU BUKAN NIK PEREMPUAN');
  if (mother.kk_number !== b.NO_KK) return respon('NO_KK TIDAK SESUAI DENGAN KK IBU');
  const female = b.JENIS_KLMIN === 'PEREMPUAN';
  const [d, m, y] = b.TGL_LHR.split('-');
  const prefix = `${b.NIK_IBU.slice(0, 6)}${String(Number(d) + (female ? 40 : 0)).padStart(2, '0')}${m}${y.slice(2)}`;
  const childNik = `${prefix}${String(await next(em, 'residents', 4242, 'nik LIKE $1', [`${prefix}%`])).padStart(4, '0')}`;
  const akta = `${b.NIK_IBU.slice(0, 4)}-LU-${d}${m}${y}-${String(await next(em, 'birth_certificates', 4243)).padStart(4, '0')}`;
  await em.query(`INSERT INTO ${S}.residents (nik, name, sex, birth_date, kk_number, family_role) VALUES ($1,$2,$3,$4,$5,'ANAK')`, [childNik, b.NAMA_LGKP, female ? 'F' : 'M', fromDmy(b.TGL_LHR), b.NO_KK]);
  await em.query(`INSERT INTO ${S}.birth_certificates (akta_number, child_nik, mother_nik, kk_number, client_ref) VALUES ($1,$2,$3,$4,$5)`, [akta, childNik, b.NIK_IBU, b.NO_KK, b.NO_REF]);
  return found({ NO_AKTA_LHR: akta, NIK: childNik, NO_KK: b.NO_KK, RESPON: 'SUKSES' });
}

async function death(em: EntityManager, b: Record<string, string>): Promise<WsAnswer> {
  if (!isDmy(b.TGL_MATI)) return respon('FORMAT TGL_MATI (DD-MM-YYYY) TIDAK SESUAI');
  const [person]: Array<{ kk_number: string; deceased_on: Date | null }> = await em.query(`SELECT kk_number, deceased_on FROM ${S}.residents WHERE nik = $1`, [b.NIK]);
  if (!person) return respon('NIK TIDAK TERDAFTAR');
  if (person.deceased_on) return respon('NIK SUDAH TERCATAT MENINGGAL');
  if (person.kk_number !== b.NO_KK) return respon('NO_KK TIDAK SESUAI');
  const [d, m, y] = b.TGL_MATI.split('-');
  const akta = `${b.NIK.slice(0, 4)}-KM-${d}${m}${y}-${String(await next(em, 'death_certificates', 4244)).padStart(4, '0')}`;
  await em.query(`UPDATE ${S}.residents SET deceased_on = $2 WHERE nik = $1`, [b.NIK, fromDmy(b.TGL_MATI)]);
  await em.query(`INSERT INTO ${S}.death_certificates (akta_number, nik, kk_number, date_of_death, reporter_nik, client_ref) VALUES ($1,$2,$3,$4,$5,$6)`, [
    akta, b.NIK, b.NO_KK, fromDmy(b.TGL_MATI), b.NIK_PELAPOR, b.NO_REF,
  ]);
  return found({ NO_AKTA_MATI: akta, NO_KK: b.NO_KK, RESPON: 'SUKSES' });
}

async function move(em: EntityManager, b: Record<string, string>): Promise<WsAnswer> {
  if (!isDmy(b.TGL_PINDAH)) return respon('FORMAT TGL_PINDAH (DD-MM-YYYY) TIDAK SESUAI');
  const [person]: Array<{ kk_number: string }> = await em.query(`SELECT kk_number FROM ${S}.residents WHERE nik = $1 AND deceased_on IS NULL`, [b.NIK]);
  if (!person) return respon('NIK TIDAK TERDAFTAR');
  if (person.kk_number !== b.NO_KK) return respon('NO_KK TIDAK SESUAI');
  if (b.NO_KK.slice(0, 6) === b.KODE_WIL_TUJUAN) return respon('TUJUAN PINDAH DALAM WILAYAH YANG SAMA');
  const serial = String(await next(em, 'move_letters', 4245)).padStart(4, '0');
  const [d, m, y] = b.TGL_PINDAH.split('-');
  const skpwni = `SKPWNI/${b.NO_KK.slice(0, 6)}/${d}${m}${y}/${serial}`;
  const newKk = `${b.KODE_WIL_TUJUAN}${d}${m}${y.slice(2)}${serial}`;
  await em.query(`INSERT INTO ${S}.move_letters (skpwni_number, nik, old_kk, new_kk, destination_region, status, client_ref) VALUES ($1,$2,$3,$4,$5,'TERBIT',$6)`, [
    skpwni, b.NIK, b.NO_KK, newKk, b.KODE_WIL_TUJUAN, b.NO_REF,
  ]);
  return found({ NO_SKPWNI: skpwni, NO_KK_BARU: newKk, RESPON: 'SUKSES' });
}

async function marriage(em: EntityManager, b: Record<string, string>): Promise<WsAnswer> {
  if (!isDmy(b.TGL_KAWIN)) return respon('FORMAT TGL_KAWIN (DD-MM-YYYY) TIDAK SESUAI');
  const [recorded]: Array<{ new_kk: string }> = await em.query(`SELECT new_kk FROM ${S}.marriage_records WHERE marriage_act = $1`, [b.NO_AKTA_NIKAH]);
  if (recorded) return found({ NO_AKTA_NIKAH: b.NO_AKTA_NIKAH, NO_KK_BARU: recorded.new_kk, RESPON: 'SUKSES' });
  const spouses: Array<{ nik: string; sex: string }> = await em.query(`SELECT nik, sex FROM ${S}.residents WHERE nik = ANY($1) AND deceased_on IS NULL`, [[b.NIK_SUAMI, b.NIK_ISTRI]]);
  if (!spouses.some((p) => p.nik === b.NIK_SUAMI)) return respon('NIK SUAMI TIDAK TERDAFTAR');
  if (!spouses.some((p) => p.nik === b.NIK_ISTRI && p.sex === 'F')) return respon('NIK ISTRI TIDAK TERDAFTAR');
  const [d, m, y] = b.TGL_KAWIN.split('-');
  const serial = String(await next(em, 'marriage_records', 4246)).padStart(4, '0');
  const newKk = `${b.NIK_SUAMI.slice(0, 6)}${d}${m}${y.slice(2)}${serial}`;
  await em.query(`UPDATE ${S}.residents SET kk_number = $2, marital_status = 'KAWIN', family_role = CASE WHEN nik = $1 THEN 'KEPALA KELUARGA' ELSE 'ISTRI' END WHERE nik IN ($1, $3)`, [
    b.NIK_SUAMI, newKk, b.NIK_ISTRI,
  ]);
  await em.query(`INSERT INTO ${S}.marriage_records (marriage_act, husband_nik, wife_nik, new_kk, client_ref) VALUES ($1,$2,$3,$4,$5)`, [b.NO_AKTA_NIKAH, b.NIK_SUAMI, b.NIK_ISTRI, newKk, b.NO_REF]);
  return found({ NO_AKTA_NIKAH: b.NO_AKTA_NIKAH, NO_KK_BARU: newKk, RESPON: 'SUKSES' });
}
