import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AgencyResponder } from '../common/agency-responder';
import { CivilRegistryRepository, type ListedResident } from './civil-registry.repository';
import { DukcapilSettings } from './dukcapil-settings';
import { found, fromDmy, isDmy, listed, refuseCaller, respon, type WsAnswer, type WsBody } from './dukcapil-ws';

type Act = (registry: CivilRegistryRepository, b: Record<string, string>) => Promise<WsAnswer>;

/** A resident as the web service shows one (field names and order are the protocol's). */
const person = (r: ListedResident) => ({
  NIK: r.nik,
  NO_KK: r.kk_number,
  NAMA_LGKP: r.name,
  TGL_LHR: r.birth_date,
  JENIS_KLMIN: r.sex === 'F' ? 'PEREMPUAN' : 'LAKI-LAKI',
});

/**
 * Stand-in for Disdukcapil in its web-service style (see dukcapil-ws.ts): births, deaths, moves (SKPWNI) and their
 * cancellation, marriages a KUA registered (both spouses KAWIN, a new KK), family checks, and searches by the caller's
 * reference (NO_REF) or by NIK. No idempotency: a repeated DAFTAR registers again, so a careful caller searches first
 * (a marriage is recorded once per KUA act, its natural key).
 */
@Controller('civil-registry/ws')
export class CivilRegistryController {
  constructor(
    private readonly registry: CivilRegistryRepository,
    private readonly responder: AgencyResponder,
    private readonly settings: DukcapilSettings,
  ) {}

  private async serve(req: Request, res: Response, body: WsBody, fields: string[], act: Act): Promise<void> {
    const refused = refuseCaller(req, body ?? {}, fields, this.settings.credentials, this.settings.allowedIps);
    const answer = refused ?? (await this.registry.transaction((registry) => act(registry, body as Record<string, string>)));
    this.responder.reply(res, 200, answer);
  }

  @Post('CALL_NIK')
  callNik(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK'], async (registry, x) => {
      const r = await registry.living(x.NIK);
      return listed(r ? [person(r)] : []);
    });
  }

  /** The family card of a NO_KK: every living member with their place in the family (STAT_HBKEL). */
  @Post('CALL_KK')
  callFamilyCard(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NO_KK'], async (registry, x) => listed((await registry.familyCard(x.NO_KK)).map((r) => ({ ...person(r), STAT_HBKEL: r.family_role }))));
  }

  @Post('LAHIR/CARI')
  findBirth(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NO_REF'], async (registry, x) =>
      listed((await registry.birthsByRef(x.NO_REF)).map((r) => ({ NO_AKTA_LHR: r.akta_number, NIK: r.child_nik, NO_KK: r.kk_number }))),
    );
  }

  @Post('LAHIR/DAFTAR')
  registerBirth(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK_IBU', 'NO_KK', 'NAMA_LGKP', 'JENIS_KLMIN', 'TGL_LHR', 'TMPT_LHR', 'NO_REF'], birth);
  }

  @Post('MATI/CARI')
  findDeath(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK'], async (registry, x) =>
      listed((await registry.deathsOf(x.NIK)).map((r) => ({ NO_AKTA_MATI: r.akta_number, NO_KK: r.kk_number, NO_REF: r.client_ref ?? '' }))),
    );
  }

  @Post('MATI/DAFTAR')
  registerDeath(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK', 'NO_KK', 'TGL_MATI', 'TMPT_MATI', 'NIK_PELAPOR', 'NO_REF'], death);
  }

  @Post('PINDAH/CARI')
  findMove(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NO_REF'], async (registry, x) =>
      listed((await registry.movesByRef(x.NO_REF)).map((r) => ({ NO_SKPWNI: r.skpwni_number, NO_KK_BARU: r.new_kk, STATUS: r.status }))),
    );
  }

  @Post('PINDAH/DAFTAR')
  registerMove(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK', 'NO_KK', 'KODE_WIL_TUJUAN', 'ALAMAT_TUJUAN', 'TGL_PINDAH', 'NO_REF'], move);
  }

  @Post('PINDAH/BATAL')
  cancelMove(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NO_SKPWNI'], async (registry, x) =>
      (await registry.cancelMoveLetter(x.NO_SKPWNI)) ? found({ NO_SKPWNI: x.NO_SKPWNI, STATUS: 'BATAL', RESPON: 'SUKSES' }) : respon('NO_SKPWNI TIDAK DITEMUKAN'),
    );
  }

  @Post('KAWIN/CARI')
  findMarriage(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NO_REF'], async (registry, x) =>
      listed((await registry.marriagesByRef(x.NO_REF)).map((r) => ({ NO_AKTA_NIKAH: r.marriage_act, NO_KK_BARU: r.new_kk }))),
    );
  }

  /** A marriage the KUA registered (its act number): both spouses KAWIN, and a new family card with the husband as head. */
  @Post('KAWIN/DAFTAR')
  registerMarriage(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK_SUAMI', 'NIK_ISTRI', 'NO_AKTA_NIKAH', 'TGL_KAWIN', 'NO_REF'], marriage);
  }

  @Post('KK/CEK')
  checkFamily(@Req() req: Request, @Body() b: WsBody, @Res() res: Response) {
    return this.serve(req, res, b, ['NIK', 'NO_KK'], async (registry, x) => {
      const resident = await registry.living(x.NIK);
      if (!resident || resident.kk_number !== x.NO_KK) return respon('NIK TIDAK TERCATAT DALAM KK');
      return found({ NIK: x.NIK, NO_KK: x.NO_KK, JML_ANGGOTA_KK: await registry.countLiving(x.NO_KK) });
    });
  }
}

const serial = (n: number) => String(n).padStart(4, '0');

async function birth(registry: CivilRegistryRepository, b: Record<string, string>): Promise<WsAnswer> {
  if (!isDmy(b.TGL_LHR) || !['LAKI-LAKI', 'PEREMPUAN'].includes(b.JENIS_KLMIN)) return respon('FORMAT TGL_LHR (DD-MM-YYYY) ATAU JENIS_KLMIN TIDAK SESUAI');
  const mother = await registry.resident(b.NIK_IBU);
  if (!mother) return respon('NIK IBU TIDAK TERDAFTAR');
  if (mother.sex !== 'F') return respon('NIK IBU BUKAN NIK PEREMPUAN');
  if (mother.kk_number !== b.NO_KK) return respon('NO_KK TIDAK SESUAI DENGAN KK IBU');
  const female = b.JENIS_KLMIN === 'PEREMPUAN';
  const [d, m, y] = b.TGL_LHR.split('-');
  const prefix = `${b.NIK_IBU.slice(0, 6)}${String(Number(d) + (female ? 40 : 0)).padStart(2, '0')}${m}${y.slice(2)}`;
  const childNik = `${prefix}${serial(await registry.nextSerial('residents', prefix))}`;
  const akta = `${b.NIK_IBU.slice(0, 4)}-LU-${d}${m}${y}-${serial(await registry.nextSerial('birth_certificates'))}`;
  await registry.registerBirth(
    { nik: childNik, name: b.NAMA_LGKP, sex: female ? 'F' : 'M', birth_date: fromDmy(b.TGL_LHR), kk_number: b.NO_KK, family_role: 'ANAK' },
    { akta_number: akta, child_nik: childNik, mother_nik: b.NIK_IBU, kk_number: b.NO_KK, client_ref: b.NO_REF },
  );
  return found({ NO_AKTA_LHR: akta, NIK: childNik, NO_KK: b.NO_KK, RESPON: 'SUKSES' });
}

async function death(registry: CivilRegistryRepository, b: Record<string, string>): Promise<WsAnswer> {
  if (!isDmy(b.TGL_MATI)) return respon('FORMAT TGL_MATI (DD-MM-YYYY) TIDAK SESUAI');
  const resident = await registry.resident(b.NIK);
  if (!resident) return respon('NIK TIDAK TERDAFTAR');
  if (resident.deceased_on) return respon('NIK SUDAH TERCATAT MENINGGAL');
  if (resident.kk_number !== b.NO_KK) return respon('NO_KK TIDAK SESUAI');
  const [d, m, y] = b.TGL_MATI.split('-');
  const akta = `${b.NIK.slice(0, 4)}-KM-${d}${m}${y}-${serial(await registry.nextSerial('death_certificates'))}`;
  await registry.registerDeath({ akta_number: akta, nik: b.NIK, kk_number: b.NO_KK, date_of_death: fromDmy(b.TGL_MATI), reporter_nik: b.NIK_PELAPOR, client_ref: b.NO_REF });
  return found({ NO_AKTA_MATI: akta, NO_KK: b.NO_KK, RESPON: 'SUKSES' });
}

async function move(registry: CivilRegistryRepository, b: Record<string, string>): Promise<WsAnswer> {
  if (!isDmy(b.TGL_PINDAH)) return respon('FORMAT TGL_PINDAH (DD-MM-YYYY) TIDAK SESUAI');
  const resident = await registry.living(b.NIK);
  if (!resident) return respon('NIK TIDAK TERDAFTAR');
  if (resident.kk_number !== b.NO_KK) return respon('NO_KK TIDAK SESUAI');
  if (b.NO_KK.slice(0, 6) === b.KODE_WIL_TUJUAN) return respon('TUJUAN PINDAH DALAM WILAYAH YANG SAMA');
  const n = serial(await registry.nextSerial('move_letters'));
  const [d, m, y] = b.TGL_PINDAH.split('-');
  const skpwni = `SKPWNI/${b.NO_KK.slice(0, 6)}/${d}${m}${y}/${n}`;
  const newKk = `${b.KODE_WIL_TUJUAN}${d}${m}${y.slice(2)}${n}`;
  await registry.issueMoveLetter({ skpwni_number: skpwni, nik: b.NIK, old_kk: b.NO_KK, new_kk: newKk, destination_region: b.KODE_WIL_TUJUAN, status: 'TERBIT', client_ref: b.NO_REF });
  return found({ NO_SKPWNI: skpwni, NO_KK_BARU: newKk, RESPON: 'SUKSES' });
}

async function marriage(registry: CivilRegistryRepository, b: Record<string, string>): Promise<WsAnswer> {
  if (!isDmy(b.TGL_KAWIN)) return respon('FORMAT TGL_KAWIN (DD-MM-YYYY) TIDAK SESUAI');
  const recorded = await registry.marriageRecord(b.NO_AKTA_NIKAH);
  if (recorded) return found({ NO_AKTA_NIKAH: b.NO_AKTA_NIKAH, NO_KK_BARU: recorded.new_kk, RESPON: 'SUKSES' });
  const spouses = await registry.livingAmong([b.NIK_SUAMI, b.NIK_ISTRI]);
  if (!spouses.some((p) => p.nik === b.NIK_SUAMI)) return respon('NIK SUAMI TIDAK TERDAFTAR');
  if (!spouses.some((p) => p.nik === b.NIK_ISTRI && p.sex === 'F')) return respon('NIK ISTRI TIDAK TERDAFTAR');
  const [d, m, y] = b.TGL_KAWIN.split('-');
  const newKk = `${b.NIK_SUAMI.slice(0, 6)}${d}${m}${y.slice(2)}${serial(await registry.nextSerial('marriage_records'))}`;
  await registry.registerMarriage({ marriage_act: b.NO_AKTA_NIKAH, husband_nik: b.NIK_SUAMI, wife_nik: b.NIK_ISTRI, new_kk: newKk, client_ref: b.NO_REF });
  return found({ NO_AKTA_NIKAH: b.NO_AKTA_NIKAH, NO_KK_BARU: newKk, RESPON: 'SUKSES' });
}
