import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import { AgencyResponder } from '../common/agency-responder';
import { SCHEMAS } from '../common/sandbox-db';
import { business, checkCaller, ok, type Bridged, type BridgingCredentials } from './bpjs-bridging';

const S = SCHEMAS.bpjsHealth;
type Fields = Record<string, string>;
type Act = (em: EntityManager, f: Fields, timestamp: string) => Promise<Bridged>;

/** Where the stand-in finds its partner credentials (injected from configuration). */
export class BpjsHealthSettings {
  constructor(readonly credentials: BridgingCredentials) {}
}

const NOT_MEMBER = (what: string) => business('201', `${what} tidak terdaftar sebagai peserta JKN aktif`);

/**
 * Stand-in for BPJS Kesehatan in its bridging style (see bpjs-bridging.ts): member search by NIK, newborn
 * registration, end of membership, primary-clinic (FKTP) change, a member's move into another family (a new KK after
 * a marriage). Searches take the NIK in the body, not the URL.
 */
@Controller('bpjs-health')
export class BpjsHealthController {
  constructor(
    private readonly ds: DataSource,
    private readonly responder: AgencyResponder,
    private readonly settings: BpjsHealthSettings,
  ) {}

  private async serve(req: Request, res: Response, body: { request?: Record<string, Fields> }, part: string, fields: string[], act: Act): Promise<void> {
    const caller = checkCaller(req, this.settings.credentials);
    let answer: Bridged;
    if ('refusal' in caller) answer = caller.refusal;
    else {
      const f = body?.request?.[part] ?? {};
      const missing = fields.find((k) => typeof f[k] !== 'string' || !f[k]);
      answer = missing ? business('201', `${part}.${missing} wajib diisi`) : await this.ds.transaction((em) => act(em, f, caller.timestamp));
    }
    this.responder.reply(res, answer.status, answer.body);
  }

  @Post('Peserta/cari')
  find(@Req() req: Request, @Body() b: { request?: Record<string, Fields> }, @Res() res: Response) {
    return this.serve(req, res, b, 't_peserta', ['nik'], async (em, f, ts) => {
      const [m]: Array<{ card_number: string; segment: string; clinic_code: string | null; ended_on: string | null }> = await em.query(
        `SELECT card_number, segment, clinic_code, to_char(ended_on, 'YYYY-MM-DD') AS ended_on FROM ${S}.members WHERE nik = $1`,
        [f.nik],
      );
      if (!m) return business('201', 'Data peserta tidak ditemukan');
      const status = m.ended_on ? { kode: '1', keterangan: 'MENINGGAL' } : { kode: '0', keterangan: 'AKTIF' };
      return ok(this.settings.credentials, ts, { peserta: { noKartu: m.card_number, nik: f.nik, jenisPeserta: { keterangan: m.segment }, statusPeserta: status, provUmum: { kdProvider: m.clinic_code } } });
    });
  }

  @Post('Peserta/bayi/insert')
  enrol(@Req() req: Request, @Body() b: { request?: Record<string, Fields> }, @Res() res: Response) {
    return this.serve(req, res, b, 't_bayi', ['nikIbu', 'nikBayi', 'noKK'], async (em, f, ts) => {
      const [mother]: Array<{ segment: string }> = await em.query(`SELECT segment FROM ${S}.members WHERE nik = $1 AND ended_on IS NULL`, [f.nikIbu]);
      if (!mother) return NOT_MEMBER('NIK ibu');
      const [existing] = await em.query(`SELECT 1 FROM ${S}.members WHERE nik = $1`, [f.nikBayi]);
      if (existing) return business('201', 'NIK bayi sudah terdaftar sebagai peserta');
      await em.query('SELECT pg_advisory_xact_lock(4343)');
      const [{ n }]: Array<{ n: number }> = await em.query(`SELECT count(*)::int AS n FROM ${S}.members`);
      const card = `0002${String(n + 1).padStart(9, '0')}`;
      await em.query(`INSERT INTO ${S}.members (nik, card_number, segment, kk_number) VALUES ($1,$2,$3,$4)`, [f.nikBayi, card, mother.segment, f.noKK]);
      return ok(this.settings.credentials, ts, { noKartu: card, jenisPeserta: { keterangan: mother.segment } });
    });
  }

  @Post('Peserta/akhiri')
  end(@Req() req: Request, @Body() b: { request?: Record<string, Fields> }, @Res() res: Response) {
    return this.serve(req, res, b, 't_peserta', ['nik', 'tglMeninggal'], async (em, f, ts) => {
      const [, n]: [unknown[], number] = await em.query(`UPDATE ${S}.members SET ended_on = $2 WHERE nik = $1 AND ended_on IS NULL`, [f.nik, f.tglMeninggal]);
      return n === 0 ? NOT_MEMBER('NIK') : ok(this.settings.credentials, ts, { status: 'NONAKTIF' });
    });
  }

  @Post('Peserta/faskes/update')
  moveClinic(@Req() req: Request, @Body() b: { request?: Record<string, Fields> }, @Res() res: Response) {
    return this.serve(req, res, b, 't_faskes', ['nik'], async (em, f, ts) => {
      // A named FKTP (kdProvider), or the first FKTP of a region (kdWilayah) when the member has not chosen one yet.
      const clinic = f.kdProvider || (f.kdWilayah ? `FKTP-${f.kdWilayah}-01` : '');
      if (!clinic) return business('201', 't_faskes.kdProvider atau t_faskes.kdWilayah wajib diisi');
      const [m]: Array<{ clinic_code: string | null }> = await em.query(`SELECT clinic_code FROM ${S}.members WHERE nik = $1 AND ended_on IS NULL`, [f.nik]);
      if (!m) return NOT_MEMBER('NIK');
      await em.query(`UPDATE ${S}.members SET clinic_code = $2 WHERE nik = $1`, [f.nik, clinic]);
      return ok(this.settings.credentials, ts, { kdProviderLama: m.clinic_code, kdProviderBaru: clinic });
    });
  }

  /** A member joins another family's membership (the family card they now belong to, e.g. a spouse's after a marriage). */
  @Post('Peserta/keluarga/update')
  moveFamily(@Req() req: Request, @Body() b: { request?: Record<string, Fields> }, @Res() res: Response) {
    return this.serve(req, res, b, 't_keluarga', ['nik', 'noKK'], async (em, f, ts) => {
      const [m]: Array<{ card_number: string; kk_number: string }> = await em.query(`SELECT card_number, kk_number FROM ${S}.members WHERE nik = $1 AND ended_on IS NULL`, [f.nik]);
      if (!m) return NOT_MEMBER('NIK');
      await em.query(`UPDATE ${S}.members SET kk_number = $2 WHERE nik = $1`, [f.nik, f.noKK]);
      return ok(this.settings.credentials, ts, { noKartu: m.card_number, noKKLama: m.kk_number, noKKBaru: f.noKK });
    });
  }
}
