import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import { requireStrings } from '../common/agency-call';
import { AgencyResponder } from '../common/agency-responder';
import { refusal, withIdempotency, type AgencyAnswer } from '../common/idempotency';
import { SCHEMAS } from '../common/sandbox-db';

const S = SCHEMAS.civilRegistry;

interface BirthBody {
  motherNik: string;
  fatherNik?: string | null;
  kkNumber: string;
  child: { name: string; sex: 'F' | 'M'; birthDate: string; birthPlace: string };
}

/** Stand-in for Disdukcapil: registers a birth, issues the akta and the child's NIK, adds the child to the KK. */
@Controller('civil-registry/api/v1')
export class CivilRegistryController {
  constructor(
    private readonly ds: DataSource,
    private readonly responder: AgencyResponder,
  ) {}

  @Post('births')
  async registerBirth(@Headers('idempotency-key') key: string | undefined, @Body() body: BirthBody, @Res() res: Response): Promise<void> {
    requireStrings(body, ['motherNik', 'kkNumber']);
    requireStrings(body.child, ['name', 'sex', 'birthDate', 'birthPlace']);
    this.responder.send(res, await withIdempotency(this.ds, S, key, body, (em) => this.register(em, body)));
  }

  private async register(em: EntityManager, body: BirthBody): Promise<AgencyAnswer> {
    const [mother]: Array<{ sex: string; kk_number: string; birth_date: Date }> = await em.query(
      `SELECT sex, kk_number, birth_date FROM ${S}.residents WHERE nik = $1`,
      [body.motherNik],
    );
    if (!mother) {
      return refusal('MOTHER_NIK_UNKNOWN', 'NIK ibu tidak terdaftar di database kependudukan.', "The mother's NIK is not in the population register.");
    }
    if (mother.sex !== 'F') return refusal('MOTHER_NIK_NOT_FEMALE', 'NIK ibu bukan NIK perempuan.', "The mother's NIK is not a woman's.");
    if (mother.kk_number !== body.kkNumber) {
      return refusal('KK_MISMATCH', 'Nomor KK tidak sesuai dengan KK ibu.', "The family card number is not the mother's family card.");
    }
    await em.query('SELECT pg_advisory_xact_lock(4242)');
    const [y, m, d] = body.child.birthDate.split('-');
    const day = String(Number(d) + (body.child.sex === 'F' ? 40 : 0)).padStart(2, '0');
    const prefix = `${body.motherNik.slice(0, 6)}${day}${m}${y.slice(2)}`;
    const [{ n }]: Array<{ n: number }> = await em.query(`SELECT count(*)::int AS n FROM ${S}.residents WHERE nik LIKE $1`, [`${prefix}%`]);
    const childNik = `${prefix}${String(n + 1).padStart(4, '0')}`;
    const [{ c }]: Array<{ c: number }> = await em.query(`SELECT count(*)::int AS c FROM ${S}.birth_certificates`);
    const aktaNumber = `${body.motherNik.slice(0, 4)}-LU-${d}${m}${y}-${String(c + 1).padStart(4, '0')}`;
    await em.query(`INSERT INTO ${S}.residents (nik, name, sex, birth_date, kk_number) VALUES ($1,$2,$3,$4,$5)`, [
      childNik,
      body.child.name,
      body.child.sex,
      body.child.birthDate,
      body.kkNumber,
    ]);
    await em.query(`INSERT INTO ${S}.birth_certificates (akta_number, child_nik, mother_nik, kk_number) VALUES ($1,$2,$3,$4)`, [
      aktaNumber,
      childNik,
      body.motherNik,
      body.kkNumber,
    ]);
    return { status: 201, body: { aktaNumber, childNik, kkNumber: body.kkNumber, registeredAt: new Date().toISOString() } };
  }
}
