import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AgencyResponder } from '../common/agency-responder';
import { BpjsEmploymentRepository } from './bpjs-employment.repository';
import { checkToken, envelope, fault, readXml, wsdl } from './bpjstk-soap';

type Fields = Record<string, string>;

/** The stand-in's partner account and the WS-Security nonces it has seen. */
export class BpjsEmploymentSettings {
  readonly nonces = new Map<string, number>();
  constructor(
    readonly credentials: { username: string; password: string },
    readonly address: string,
  ) {}
}

/**
 * Stand-in for BPJS Ketenagakerjaan as a SOAP 1.1 service (see bpjstk-soap.ts): `CekKlaimJKM` finds the death
 * benefit claim of a member, `BukaKlaimJKM` opens it. No idempotency key; a member has at most one such claim.
 */
@Controller('bpjs-employment/ws')
export class BpjsEmploymentController {
  constructor(
    private readonly register: BpjsEmploymentRepository,
    private readonly responder: AgencyResponder,
    private readonly settings: BpjsEmploymentSettings,
  ) {}

  @Get('JkmService')
  description(@Query() query: Record<string, string>, @Res() res: Response): void {
    if (!('wsdl' in query)) return void res.status(404).type('text/plain').send('append ?wsdl for the service description');
    res.type('text/xml').send(wsdl(this.settings.address));
  }

  @Post('JkmService')
  async call(@Req() req: Request & { rawBody?: Buffer }, @Res() res: Response): Promise<void> {
    const answer = await this.answer(req).catch(() => ({ status: 500, xml: fault('soapenv:Server', 'Kesalahan internal layanan') }));
    this.responder.reply(res, answer.status, answer.xml, { 'Content-Type': 'text/xml; charset=utf-8' });
  }

  private async answer(req: Request & { rawBody?: Buffer }): Promise<{ status: number; xml: string }> {
    let doc: Record<string, unknown>;
    try {
      doc = readXml(req.rawBody?.toString('utf8') ?? '');
    } catch {
      return { status: 500, xml: fault('soapenv:Client', 'Pesan SOAP tidak dapat dibaca') };
    }
    const env = (doc.Envelope ?? {}) as Record<string, Record<string, unknown>>;
    const refused = checkToken(env.Header, this.settings.credentials, this.settings.nonces);
    if (refused) return { status: 500, xml: refused };
    const body = env.Body ?? {};
    if (body.CekKlaimJKMRequest) return { status: 200, xml: await this.find(body.CekKlaimJKMRequest as Fields) };
    if (body.BukaKlaimJKMRequest) return { status: 200, xml: await this.register.transaction((register) => open(register, body.BukaKlaimJKMRequest as Fields)) };
    return { status: 500, xml: fault('soapenv:Client', 'Operasi tidak dikenal') };
  }

  private async find(f: Fields): Promise<string> {
    const claim = await this.register.claimOf(f.NIK_PESERTA);
    const result = claim ? { KODE_HASIL: '00', PESAN: 'Klaim ditemukan', NO_KLAIM: claim.claim_number } : { KODE_HASIL: '03', PESAN: 'Klaim tidak ditemukan' };
    return envelope({ 'jkm:CekKlaimJKMResponse': result });
  }
}

async function open(register: BpjsEmploymentRepository, f: Fields): Promise<string> {
  const respond = (result: Record<string, string>) => envelope({ 'jkm:BukaKlaimJKMResponse': result });
  if (!f.NIK_PESERTA || !f.NIK_AHLI_WARIS || !f.TGL_MENINGGAL) return fault('soapenv:Client', 'NIK_PESERTA, NIK_AHLI_WARIS dan TGL_MENINGGAL wajib diisi');
  const member = await register.activeMember(f.NIK_PESERTA);
  if (!member) return respond({ KODE_HASIL: '01', PESAN: 'Bukan peserta aktif BPJS Ketenagakerjaan' });
  const existing = await register.claimOf(f.NIK_PESERTA);
  if (existing) return respond({ KODE_HASIL: '02', PESAN: 'Klaim JKM sudah pernah dibuka', NO_KLAIM: existing.claim_number });
  const claimNumber = `JKM-${member.kpj_number}-${String(await register.nextClaimSerial()).padStart(4, '0')}`;
  await register.openClaim({ claim_number: claimNumber, deceased_nik: f.NIK_PESERTA, heir_nik: f.NIK_AHLI_WARIS });
  return respond({ KODE_HASIL: '00', PESAN: 'Klaim JKM dibuka', NO_KLAIM: claimNumber });
}
