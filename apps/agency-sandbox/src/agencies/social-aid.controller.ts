import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { AgencyResponder } from '../common/agency-responder';
import { sameSecret } from '../common/same-secret';
import { KemensosSettings } from './kemensos-batch';
import { SocialAidRepository } from './social-aid.repository';

const NIK_OR_KK = /^\d{16}$/;
const TICKET = /^TKT-[0-9A-F]{12}$/;

/** Kemensos' answer envelope: `status` SUKSES or GAGAL, a `kode`, a `pesan` in Indonesian, and `data` when it has some. */
const sukses = (data: unknown) => ({ status: 'SUKSES', kode: '00', pesan: 'Berhasil', data });
const gagal = (kode: string, pesan: string) => ({ status: 'GAGAL', kode, pesan });

/**
 * Stand-in for Kemensos' DTKS proposal service (usulan), in the batch style of its published conventions: an `Api-Key`
 * header; a proposal is taken with a ticket (`no_tiket`) and decided later by a batch (KemensosBatch); there is no
 * callback, the proposer polls the ticket; no idempotency: a repeated proposal is a second proposal, so proposers
 * look theirs up by their own reference (`ref_pengirim`) first. Errors are its own: HTTP 401 / 400 / 404 with
 * `{status: "GAGAL", kode, pesan}`; a refused PKH determination is HTTP 200 with `status: "GAGAL"` and a `PKH..` code.
 */
@Controller('social-aid/dtks/v1')
export class SocialAidController {
  constructor(
    private readonly register: SocialAidRepository,
    private readonly responder: AgencyResponder,
    private readonly settings: KemensosSettings,
  ) {}

  @Post('usulan')
  async propose(@Headers('api-key') key: string | undefined, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    if (!this.authorised(key, res)) return;
    const missing = ['ref_pengirim', 'no_kk', 'nik_anggota'].find((f) => typeof body[f] !== 'string' || !(body[f] as string).trim());
    if (missing) return this.responder.reply(res, 400, gagal('400', `Field ${missing} wajib diisi.`));
    if (body.jenis_usulan !== 'TAMBAH_ANGGOTA') return this.responder.reply(res, 400, gagal('400', 'Field jenis_usulan tidak dikenal (TAMBAH_ANGGOTA).'));
    const bad = ['no_kk', 'nik_anggota'].find((f) => !NIK_OR_KK.test(body[f] as string));
    if (bad) return this.responder.reply(res, 400, gagal('400', `Field ${bad} harus 16 digit angka.`));
    const ticket = `TKT-${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
    const [ref_pengirim, no_kk, nik_anggota] = [body.ref_pengirim, body.no_kk, body.nik_anggota] as string[];
    await this.register.propose({ no_tiket: ticket, ref_pengirim, no_kk, nik_anggota });
    this.responder.reply(res, 200, sukses({ no_tiket: ticket, status_usulan: 'DIAJUKAN' }));
  }

  /** The proposer's own proposals, by its reference (no personal data in the URL). */
  @Get('usulan')
  async search(@Headers('api-key') key: string | undefined, @Query('ref_pengirim') ref: string | undefined, @Res() res: Response): Promise<void> {
    if (!this.authorised(key, res)) return;
    if (!ref) return this.responder.reply(res, 400, gagal('400', 'Parameter ref_pengirim wajib diisi.'));
    this.responder.reply(res, 200, sukses(await this.register.proposalsByRef(ref)));
  }

  @Get('usulan/:ticket')
  async status(@Headers('api-key') key: string | undefined, @Param('ticket') ticket: string, @Res() res: Response): Promise<void> {
    if (!this.authorised(key, res)) return;
    const row = TICKET.test(ticket) ? await this.register.proposal(ticket) : undefined;
    if (!row) return this.responder.reply(res, 404, gagal('404', `Tiket ${ticket.slice(0, 20)} tidak ditemukan.`));
    this.responder.reply(res, 200, sukses(row));
  }

  /** PKH determination after the social worker's (pendamping) verification; no idempotency either. */
  @Post('pkh/penetapan')
  async determine(@Headers('api-key') key: string | undefined, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    if (!this.authorised(key, res)) return;
    const missing = ['no_registrasi', 'id_pendamping'].find((f) => typeof body[f] !== 'string' || !(body[f] as string).trim());
    if (missing) return this.responder.reply(res, 400, gagal('400', `Field ${missing} wajib diisi.`));
    const [no_registrasi, id_pendamping] = [body.no_registrasi, body.id_pendamping] as string[];
    const proposal = await this.register.eligibility(no_registrasi);
    if (!proposal) return this.responder.reply(res, 200, gagal('PKH02', 'Nomor registrasi DTKS tidak ditemukan.'));
    if (!proposal.layak_pkh) return this.responder.reply(res, 200, gagal('PKH01', 'Keluarga tidak memenuhi syarat PKH.'));
    const number = `PKH-${randomUUID().slice(0, 8).toUpperCase()}`;
    await this.register.determine({ no_penetapan: number, no_registrasi, id_pendamping, komponen: 'ANAK_USIA_DINI' });
    this.responder.reply(res, 200, sukses({ no_penetapan: number, komponen: 'ANAK_USIA_DINI' }));
  }

  @Get('pkh/penetapan')
  async determinations(@Headers('api-key') key: string | undefined, @Query('no_registrasi') registration: string | undefined, @Res() res: Response): Promise<void> {
    if (!this.authorised(key, res)) return;
    if (!registration) return this.responder.reply(res, 400, gagal('400', 'Parameter no_registrasi wajib diisi.'));
    this.responder.reply(res, 200, sukses(await this.register.determinations(registration)));
  }

  private authorised(key: string | undefined, res: Response): boolean {
    if (sameSecret(key, this.settings.apiKey)) return true;
    this.responder.reply(res, 401, gagal('401', 'Api-Key tidak valid atau tidak terdaftar.'));
    return false;
  }
}
