import { SandboxRepository, SCHEMAS } from '../common/sandbox.repository';

const S = SCHEMAS.education;

/** A school in Dapodik, by its NPSN. */
export interface SchoolRow {
  npsn: string;
  name: string;
  region_code: string;
}

/** A KIP card (Kartu Indonesia Pintar): one per pupil. */
export interface KipCardRow {
  kip_number: string;
  pupil_nik: string;
  npsn: string;
}

/** Kemendikbudristek's registers (the education stand-in's schema): schools and KIP cards. */
export class EducationRepository extends SandboxRepository {
  protected readonly ddl = [
    `CREATE TABLE IF NOT EXISTS ${S}.schools (npsn text PRIMARY KEY, name text NOT NULL, region_code text NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${S}.kip_cards (
     kip_number text PRIMARY KEY, pupil_nik text NOT NULL UNIQUE, npsn text NOT NULL, issued_at timestamptz NOT NULL DEFAULT now())`,
  ];

  async seedSchool(s: SchoolRow): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.schools (npsn, name, region_code) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`, [s.npsn, s.name, s.region_code]);
  }

  async school(npsn: string): Promise<Pick<SchoolRow, 'name'> | undefined> {
    const [row]: Array<Pick<SchoolRow, 'name'>> = await this.em.query(`SELECT name FROM ${S}.schools WHERE npsn = $1`, [npsn]);
    return row;
  }

  async cardsOf(pupilNik: string): Promise<Array<Pick<KipCardRow, 'kip_number' | 'npsn'>>> {
    return this.em.query(`SELECT kip_number, npsn FROM ${S}.kip_cards WHERE pupil_nik = $1`, [pupilNik]);
  }

  async holdsCard(pupilNik: string): Promise<boolean> {
    return this.exists(`${S}.kip_cards`, 'pupil_nik = $1', [pupilNik]);
  }

  /** The next card serial; the lock holds until the transaction ends, so no two cards take the same one. */
  async nextCardSerial(): Promise<number> {
    return this.takeSerial(4247, `${S}.kip_cards`);
  }

  async issueCard(c: KipCardRow): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.kip_cards (kip_number, pupil_nik, npsn) VALUES ($1,$2,$3)`, [c.kip_number, c.pupil_nik, c.npsn]);
  }

  async counts(): Promise<{ kipCards: number }> {
    return { kipCards: await this.count(`${S}.kip_cards`) };
  }
}
