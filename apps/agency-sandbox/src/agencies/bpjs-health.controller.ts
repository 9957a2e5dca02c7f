import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AgencyResponder } from '../common/agency-responder';
import { business, checkCaller, ok, type Bridged, type BridgingCredentials } from './bpjs-bridging';
import { BpjsHealthRepository } from './bpjs-health.repository';

type Fields = Record<string, string>;
type Act = (members: BpjsHealthRepository, f: Fields, timestamp: string) => Promise<Bridged>;

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
    private readonly members: BpjsHealthRepository,
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
      answer = missing ? business('201', `${part}.${missing} wajib diisi`) : await this.members.transaction((members) => act(members, f, caller.timestamp));
    }
    this.responder.reply(res, answer.status, answer.body);
  }

  @Post('Peserta/cari')
  find(@Req() req: Request, @Body() b: { request?: Record<string, Fields> }, @Res() res: Response) {
    return this.serve(req, res, b, 't_peserta', ['nik'], async (members, f, ts) => {
      const m = await members.member(f.nik);
      if (!m) return business('201', 'Data peserta tidak ditemukan');
      const status = m.ended_on ? { kode: '1', keterangan: 'MENINGGAL' } : { kode: '0', keterangan: 'AKTIF' };
      return ok(this.settings.credentials, ts, { peserta: { noKartu: m.card_number, nik: f.nik, jenisPeserta: { keterangan: m.segment }, statusPeserta: status, provUmum: { kdProvider: m.clinic_code } } });
    });
  }

  @Post('Peserta/bayi/insert')
  enrol(@Req() req: Request, @Body() b: { request?: Record<string, Fields> }, @Res() res: Response) {
    return this.serve(req, res, b, 't_bayi', ['nikIbu', 'nikBayi', 'noKK'], async (members, f, ts) => {
      const mother = await members.activeMember(f.nikIbu);
      if (!mother) return NOT_MEMBER('NIK ibu');
      if (await members.isMember(f.nikBayi)) return business('201', 'NIK bayi sudah terdaftar sebagai peserta');
      const card = `0002${String(await members.nextCardSerial()).padStart(9, '0')}`;
      await members.enrolNewborn({ nik: f.nikBayi, card_number: card, segment: mother.segment, kk_number: f.noKK });
      return ok(this.settings.credentials, ts, { noKartu: card, jenisPeserta: { keterangan: mother.segment } });
    });
  }

  @Post('Peserta/akhiri')
  end(@Req() req: Request, @Body() b: { request?: Record<string, Fields> }, @Res() res: Response) {
    return this.serve(req, res, b, 't_peserta', ['nik', 'tglMeninggal'], async (members, f, ts) =>
      (await members.end(f.nik, f.tglMeninggal)) ? ok(this.settings.credentials, ts, { status: 'NONAKTIF' }) : NOT_MEMBER('NIK'),
    );
  }

  @Post('Peserta/faskes/update')
  moveClinic(@Req() req: Request, @Body() b: { request?: Record<string, Fields> }, @Res() res: Response) {
    return this.serve(req, res, b, 't_faskes', ['nik'], async (members, f, ts) => {
      // A named FKTP (kdProvider), or the first FKTP of a region (kdWilayah) when the member has not chosen one yet.
      const clinic = f.kdProvider || (f.kdWilayah ? `FKTP-${f.kdWilayah}-01` : '');
      if (!clinic) return business('201', 't_faskes.kdProvider atau t_faskes.kdWilayah wajib diisi');
      const m = await members.activeMember(f.nik);
      if (!m) return NOT_MEMBER('NIK');
      await members.setClinic(f.nik, clinic);
      return ok(this.settings.credentials, ts, { kdProviderLama: m.clinic_code, kdProviderBaru: clinic });
    });
  }

  /** A member joins another family's membership (the family card they now belong to, e.g. a spouse's after a marriage). */
  @Post('Peserta/keluarga/update')
  moveFamily(@Req() req: Request, @Body() b: { request?: Record<string, Fields> }, @Res() res: Response) {
    return this.serve(req, res, b, 't_keluarga', ['nik', 'noKK'], async (members, f, ts) => {
      const m = await members.activeMember(f.nik);
      if (!m) return NOT_MEMBER('NIK');
      await members.setFamily(f.nik, f.noKK);
      return ok(this.settings.credentials, ts, { noKartu: m.card_number, noKKLama: m.kk_number, noKKBaru: f.noKK });
    });
  }
}
