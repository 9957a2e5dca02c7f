import { SandboxRepository, SCHEMAS } from '../common/sandbox.repository';

const S = SCHEMAS.civilRegistry;

/** A person on Disdukcapil's register. Dates are read as the registry writes them: `DD-MM-YYYY` text. */
export interface ResidentRow {
  nik: string;
  name: string;
  sex: 'F' | 'M';
  birth_date: string;
  kk_number: string;
  /** The place on the family card (STAT_HBKEL): KEPALA KELUARGA, ISTRI, ANAK, FAMILI LAIN. */
  family_role: string;
  deceased_on: Date | null;
  /** STATUS_KAWIN: BELUM KAWIN, KAWIN. */
  marital_status: string;
}

export interface BirthCertificateRow {
  akta_number: string;
  child_nik: string;
  mother_nik: string;
  kk_number: string;
  /** The caller's reference (NO_REF): the registry keeps no idempotency key, a caller searches by it. */
  client_ref: string | null;
}

export interface DeathCertificateRow {
  akta_number: string;
  nik: string;
  kk_number: string;
  date_of_death: string;
  reporter_nik: string;
  client_ref: string | null;
}

/** A moving letter (SKPWNI): TERBIT, or BATAL once cancelled. */
export interface MoveLetterRow {
  skpwni_number: string;
  nik: string;
  old_kk: string;
  new_kk: string;
  destination_region: string;
  status: string;
  client_ref: string | null;
}

/** A marriage the registry recorded from a KUA's act, with the family card it made. */
export interface MarriageRecordRow {
  marriage_act: string;
  husband_nik: string;
  wife_nik: string;
  new_kk: string;
  client_ref: string | null;
}

export type NewResident = Pick<ResidentRow, 'nik' | 'name' | 'sex' | 'birth_date' | 'kk_number' | 'family_role'>;
export type ListedResident = Pick<ResidentRow, 'nik' | 'kk_number' | 'name' | 'birth_date' | 'sex'>;

const LISTED = `nik, kk_number, name, to_char(birth_date, 'DD-MM-YYYY') AS birth_date, sex`;
/** One advisory lock per register, so two registrations never take the same serial number. */
const SERIAL_LOCKS = { residents: 4242, birth_certificates: 4243, death_certificates: 4244, move_letters: 4245, marriage_records: 4246 } as const;

/** Disdukcapil's register (the civil-registry stand-in's schema): residents and the certificates it issues. */
export class CivilRegistryRepository extends SandboxRepository {
  protected readonly ddl = [
    `CREATE TABLE IF NOT EXISTS ${S}.residents (
     nik text PRIMARY KEY, name text NOT NULL, sex char(1) NOT NULL, birth_date date NOT NULL, kk_number text NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${S}.birth_certificates (
     akta_number text PRIMARY KEY, child_nik text NOT NULL UNIQUE, mother_nik text NOT NULL, kk_number text NOT NULL,
     registered_at timestamptz NOT NULL DEFAULT now())`,
    `ALTER TABLE ${S}.residents ADD COLUMN IF NOT EXISTS deceased_on date`,
    `ALTER TABLE ${S}.residents ADD COLUMN IF NOT EXISTS family_role text NOT NULL DEFAULT 'FAMILI LAIN'`,
    `CREATE TABLE IF NOT EXISTS ${S}.death_certificates (
     akta_number text PRIMARY KEY, nik text NOT NULL UNIQUE, kk_number text NOT NULL, date_of_death date NOT NULL,
     reporter_nik text NOT NULL, registered_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE IF NOT EXISTS ${S}.move_letters (
     skpwni_number text PRIMARY KEY, nik text NOT NULL, old_kk text NOT NULL, new_kk text NOT NULL UNIQUE,
     destination_region text NOT NULL, status text NOT NULL, issued_at timestamptz NOT NULL DEFAULT now())`,
    `ALTER TABLE ${S}.birth_certificates ADD COLUMN IF NOT EXISTS client_ref text`,
    `ALTER TABLE ${S}.death_certificates ADD COLUMN IF NOT EXISTS client_ref text`,
    `ALTER TABLE ${S}.move_letters ADD COLUMN IF NOT EXISTS client_ref text`,
    `CREATE INDEX IF NOT EXISTS birth_certificates_client_ref ON ${S}.birth_certificates (client_ref)`,
    `CREATE INDEX IF NOT EXISTS move_letters_client_ref ON ${S}.move_letters (client_ref)`,
    `ALTER TABLE ${S}.residents ADD COLUMN IF NOT EXISTS marital_status text NOT NULL DEFAULT 'BELUM KAWIN'`,
    `CREATE TABLE IF NOT EXISTS ${S}.marriage_records (
     marriage_act text PRIMARY KEY, husband_nik text NOT NULL, wife_nik text NOT NULL, new_kk text NOT NULL UNIQUE,
     client_ref text, registered_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE INDEX IF NOT EXISTS marriage_records_client_ref ON ${S}.marriage_records (client_ref)`,
  ];

  /** A demo resident; seeded again at every start, it keeps its place on the card unless that was never set. */
  async seedResident(p: NewResident): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.residents (nik, name, sex, birth_date, kk_number, family_role) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (nik) DO UPDATE SET family_role = EXCLUDED.family_role WHERE residents.family_role = 'FAMILI LAIN'`,
      [p.nik, p.name, p.sex, p.birth_date, p.kk_number, p.family_role],
    );
  }

  /** A resident added at run time (admin API); an existing one is left as it is. */
  async addResident(p: NewResident): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.residents (nik, name, sex, birth_date, kk_number, family_role) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`, [
      p.nik, p.name, p.sex, p.birth_date, p.kk_number, p.family_role,
    ]);
  }

  async markMarried(niks: string[]): Promise<void> {
    await this.em.query(`UPDATE ${S}.residents SET marital_status = 'KAWIN' WHERE nik = ANY($1)`, [niks]);
  }

  async living(nik: string): Promise<ListedResident | undefined> {
    const [row]: ListedResident[] = await this.em.query(`SELECT ${LISTED} FROM ${S}.residents WHERE nik = $1 AND deceased_on IS NULL`, [nik]);
    return row;
  }

  /** The living members of a family card, eldest first (by the date column, not its `DD-MM-YYYY` text). */
  async familyCard(kk: string): Promise<Array<ListedResident & Pick<ResidentRow, 'family_role'>>> {
    return this.em.query(`SELECT ${LISTED}, family_role FROM ${S}.residents WHERE kk_number = $1 AND deceased_on IS NULL ORDER BY residents.birth_date, nik`, [kk]);
  }

  /** Anyone on the register, living or not. */
  async resident(nik: string): Promise<Pick<ResidentRow, 'sex' | 'kk_number' | 'deceased_on'> | undefined> {
    const [row]: Array<Pick<ResidentRow, 'sex' | 'kk_number' | 'deceased_on'>> = await this.em.query(`SELECT sex, kk_number, deceased_on FROM ${S}.residents WHERE nik = $1`, [nik]);
    return row;
  }

  async livingAmong(niks: string[]): Promise<Array<Pick<ResidentRow, 'nik' | 'sex'>>> {
    return this.em.query(`SELECT nik, sex FROM ${S}.residents WHERE nik = ANY($1) AND deceased_on IS NULL`, [niks]);
  }

  async countLiving(kk: string): Promise<number> {
    return this.count(`${S}.residents`, 'kk_number = $1 AND deceased_on IS NULL', [kk]);
  }

  /** The next serial of a register; for residents, among the NIKs that start with `nikPrefix`. */
  async nextSerial(register: keyof typeof SERIAL_LOCKS, nikPrefix?: string): Promise<number> {
    const lock = SERIAL_LOCKS[register];
    return nikPrefix === undefined ? this.takeSerial(lock, `${S}.${register}`) : this.takeSerial(lock, `${S}.${register}`, 'nik LIKE $1', [`${nikPrefix}%`]);
  }

  async registerBirth(child: NewResident, certificate: BirthCertificateRow): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.residents (nik, name, sex, birth_date, kk_number, family_role) VALUES ($1,$2,$3,$4,$5,$6)`, [
      child.nik, child.name, child.sex, child.birth_date, child.kk_number, child.family_role,
    ]);
    const c = certificate;
    await this.em.query(`INSERT INTO ${S}.birth_certificates (akta_number, child_nik, mother_nik, kk_number, client_ref) VALUES ($1,$2,$3,$4,$5)`, [
      c.akta_number, c.child_nik, c.mother_nik, c.kk_number, c.client_ref,
    ]);
  }

  /** The person is deceased from `date_of_death` on (ISO date), and the death certificate is issued. */
  async registerDeath(c: DeathCertificateRow): Promise<void> {
    await this.em.query(`UPDATE ${S}.residents SET deceased_on = $2 WHERE nik = $1`, [c.nik, c.date_of_death]);
    await this.em.query(`INSERT INTO ${S}.death_certificates (akta_number, nik, kk_number, date_of_death, reporter_nik, client_ref) VALUES ($1,$2,$3,$4,$5,$6)`, [
      c.akta_number, c.nik, c.kk_number, c.date_of_death, c.reporter_nik, c.client_ref,
    ]);
  }

  async issueMoveLetter(l: MoveLetterRow): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.move_letters (skpwni_number, nik, old_kk, new_kk, destination_region, status, client_ref) VALUES ($1,$2,$3,$4,$5,$6,$7)`, [
      l.skpwni_number, l.nik, l.old_kk, l.new_kk, l.destination_region, l.status, l.client_ref,
    ]);
  }

  /** Cancels a moving letter; false when there is none of that number. */
  async cancelMoveLetter(skpwni: string): Promise<boolean> {
    const [, n]: [unknown[], number] = await this.em.query(`UPDATE ${S}.move_letters SET status = 'BATAL' WHERE skpwni_number = $1 RETURNING skpwni_number`, [skpwni]);
    return n > 0;
  }

  async marriageRecord(act: string): Promise<Pick<MarriageRecordRow, 'new_kk'> | undefined> {
    const [row]: Array<Pick<MarriageRecordRow, 'new_kk'>> = await this.em.query(`SELECT new_kk FROM ${S}.marriage_records WHERE marriage_act = $1`, [act]);
    return row;
  }

  /** Both spouses KAWIN on a new family card, the husband its head, and the KUA's act recorded. */
  async registerMarriage(m: MarriageRecordRow): Promise<void> {
    await this.em.query(
      `UPDATE ${S}.residents SET kk_number = $2, marital_status = 'KAWIN', family_role = CASE WHEN nik = $1 THEN 'KEPALA KELUARGA' ELSE 'ISTRI' END WHERE nik IN ($1, $3)`,
      [m.husband_nik, m.new_kk, m.wife_nik],
    );
    await this.em.query(`INSERT INTO ${S}.marriage_records (marriage_act, husband_nik, wife_nik, new_kk, client_ref) VALUES ($1,$2,$3,$4,$5)`, [
      m.marriage_act, m.husband_nik, m.wife_nik, m.new_kk, m.client_ref,
    ]);
  }

  async birthsByRef(ref: string): Promise<Array<Pick<BirthCertificateRow, 'akta_number' | 'child_nik' | 'kk_number'>>> {
    return this.em.query(`SELECT akta_number, child_nik, kk_number FROM ${S}.birth_certificates WHERE client_ref = $1 ORDER BY registered_at`, [ref]);
  }

  async deathsOf(nik: string): Promise<Array<Pick<DeathCertificateRow, 'akta_number' | 'kk_number' | 'client_ref'>>> {
    return this.em.query(`SELECT akta_number, kk_number, client_ref FROM ${S}.death_certificates WHERE nik = $1`, [nik]);
  }

  async movesByRef(ref: string): Promise<Array<Pick<MoveLetterRow, 'skpwni_number' | 'new_kk' | 'status'>>> {
    return this.em.query(`SELECT skpwni_number, new_kk, status FROM ${S}.move_letters WHERE client_ref = $1 ORDER BY issued_at`, [ref]);
  }

  async marriagesByRef(ref: string): Promise<Array<Pick<MarriageRecordRow, 'marriage_act' | 'new_kk'>>> {
    return this.em.query(`SELECT marriage_act, new_kk FROM ${S}.marriage_records WHERE client_ref = $1 ORDER BY registered_at`, [ref]);
  }

  /** What the registry has issued (admin API). */
  async counts(): Promise<{ birthCertificates: number; deathCertificates: number; moveLetters: number }> {
    return {
      birthCertificates: await this.count(`${S}.birth_certificates`),
      deathCertificates: await this.count(`${S}.death_certificates`),
      moveLetters: await this.count(`${S}.move_letters`),
    };
  }
}
