import { Body, Controller, Headers, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import { requireStrings } from '../common/agency-call';
import { AgencyResponder } from '../common/agency-responder';
import { refusal, withIdempotency, type AgencyAnswer } from '../common/idempotency';
import { SCHEMAS } from '../common/sandbox-db';

const S = SCHEMAS.civilRegistry;

function ddmmyyyy(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}${m}${y}`;
}

/** Stand-in for Disdukcapil: deaths, moves (SKPWNI) and family confirmations. */
@Controller('civil-registry/api/v1')
export class CivilRegistryLifeEventsController {
  constructor(
    private readonly ds: DataSource,
    private readonly responder: AgencyResponder,
  ) {}

  @Post('deaths')
  async registerDeath(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['deceasedNik', 'kkNumber', 'dateOfDeath', 'placeOfDeath', 'reporterNik']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.death(em, body)));
  }

  @Post('move-letters')
  async issueMoveLetter(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['nik', 'kkNumber', 'destinationRegionCode', 'destinationAddress', 'moveDate']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.move(em, body)));
  }

  @Post('move-letters/:number/cancellation')
  async cancelMoveLetter(@Headers('idempotency-key') key: string | undefined, @Param('number') number: string, @Res() res: Response): Promise<void> {
    this.responder.send(res, await withIdempotency(this.ds, S, key, { number }, (em) => this.cancel(em, number)));
  }

  @Post('family-confirmations')
  async confirmFamily(@Headers('idempotency-key') key: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    requireStrings(body, ['nik', 'kkNumber']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.family(em, body)));
  }

  private async death(em: EntityManager, b: Record<string, string>): Promise<AgencyAnswer> {
    const [person]: Array<{ kk_number: string; deceased_on: Date | null }> = await em.query(`SELECT kk_number, deceased_on FROM ${S}.residents WHERE nik = $1`, [b.deceasedNik]);
    if (!person) return refusal('DECEASED_NIK_UNKNOWN', 'NIK almarhum tidak terdaftar di database kependudukan.', "The deceased's NIK is not in the population register.");
    if (person.deceased_on) return refusal('ALREADY_DECEASED', 'Kematian orang ini sudah tercatat.', "This person's death is already registered.");
    if (person.kk_number !== b.kkNumber) return refusal('KK_MISMATCH', 'Nomor KK tidak sesuai.', 'The family card number does not match.');
    await em.query('SELECT pg_advisory_xact_lock(4244)');
    const [{ c }]: Array<{ c: number }> = await em.query(`SELECT count(*)::int AS c FROM ${S}.death_certificates`);
    const aktaNumber = `${b.deceasedNik.slice(0, 4)}-KM-${ddmmyyyy(b.dateOfDeath)}-${String(c + 1).padStart(4, '0')}`;
    await em.query(`UPDATE ${S}.residents SET deceased_on = $2 WHERE nik = $1`, [b.deceasedNik, b.dateOfDeath]);
    await em.query(`INSERT INTO ${S}.death_certificates (akta_number, nik, kk_number, date_of_death, reporter_nik) VALUES ($1,$2,$3,$4,$5)`, [
      aktaNumber,
      b.deceasedNik,
      b.kkNumber,
      b.dateOfDeath,
      b.reporterNik,
    ]);
    return { status: 201, body: { aktaKematianNumber: aktaNumber, kkNumber: b.kkNumber } };
  }

  private async move(em: EntityManager, b: Record<string, string>): Promise<AgencyAnswer> {
    const [person]: Array<{ kk_number: string }> = await em.query(`SELECT kk_number FROM ${S}.residents WHERE nik = $1 AND deceased_on IS NULL`, [b.nik]);
    if (!person) return refusal('NIK_UNKNOWN', 'NIK tidak terdaftar di database kependudukan.', 'The NIK is not in the population register.');
    if (person.kk_number !== b.kkNumber) return refusal('KK_MISMATCH', 'Nomor KK tidak sesuai.', 'The family card number does not match.');
    if (b.kkNumber.slice(0, 6) === b.destinationRegionCode) {
      return refusal('SAME_REGION', 'Alamat tujuan berada di wilayah yang sama; gunakan layanan perubahan alamat.', 'The destination is in the same district; use the change-of-address service instead.');
    }
    await em.query('SELECT pg_advisory_xact_lock(4245)');
    const [{ c }]: Array<{ c: number }> = await em.query(`SELECT count(*)::int AS c FROM ${S}.move_letters`);
    const serial = String(c + 1).padStart(4, '0');
    const skpwni = `SKPWNI/${b.kkNumber.slice(0, 6)}/${ddmmyyyy(b.moveDate)}/${serial}`;
    const [y, m, d] = b.moveDate.split('-');
    const newKk = `${b.destinationRegionCode}${d}${m}${y.slice(2)}${serial}`;
    await em.query(`INSERT INTO ${S}.move_letters (skpwni_number, nik, old_kk, new_kk, destination_region, status) VALUES ($1,$2,$3,$4,$5,'ISSUED')`, [
      skpwni,
      b.nik,
      b.kkNumber,
      newKk,
      b.destinationRegionCode,
    ]);
    return { status: 201, body: { skpwniNumber: skpwni, newKkNumber: newKk } };
  }

  private async cancel(em: EntityManager, number: string): Promise<AgencyAnswer> {
    const updated: [unknown[], number] = await em.query(`UPDATE ${S}.move_letters SET status = 'CANCELLED' WHERE skpwni_number = $1`, [number]);
    if (updated[1] === 0) return refusal('MOVE_LETTER_UNKNOWN', 'Surat pindah tidak ditemukan.', 'The move letter was not found.');
    return { status: 200, body: { cancelled: true, skpwniNumber: number } };
  }

  private async family(em: EntityManager, b: Record<string, string>): Promise<AgencyAnswer> {
    const [person]: Array<{ kk_number: string }> = await em.query(`SELECT kk_number FROM ${S}.residents WHERE nik = $1 AND deceased_on IS NULL`, [b.nik]);
    if (!person || person.kk_number !== b.kkNumber) {
      return refusal('NOT_IN_FAMILY', 'NIK tidak tercatat dalam KK tersebut.', 'The NIK is not on that family card.');
    }
    const [{ n }]: Array<{ n: number }> = await em.query(`SELECT count(*)::int AS n FROM ${S}.residents WHERE kk_number = $1 AND deceased_on IS NULL`, [b.kkNumber]);
    return { status: 200, body: { confirmed: true, familyMembers: n } };
  }
}
