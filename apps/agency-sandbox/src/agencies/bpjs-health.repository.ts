import { SandboxRepository, SCHEMAS } from '../common/sandbox.repository';

const S = SCHEMAS.bpjsHealth;

/** A JKN member of BPJS Kesehatan. */
export interface JknMemberRow {
  nik: string;
  card_number: string;
  /** PBI, PBPU or PPU. */
  segment: string;
  kk_number: string;
  /** The member's primary clinic (FKTP), if chosen. */
  clinic_code: string | null;
  /** When the membership ended (a death), as `YYYY-MM-DD` text; null while active. */
  ended_on: string | null;
}

type Active = Pick<JknMemberRow, 'card_number' | 'segment' | 'kk_number' | 'clinic_code'>;

/** BPJS Kesehatan's membership register (the bpjs-health stand-in's schema). */
export class BpjsHealthRepository extends SandboxRepository {
  protected readonly ddl = [
    `CREATE TABLE IF NOT EXISTS ${S}.members (
     nik text PRIMARY KEY, card_number text NOT NULL UNIQUE, segment text NOT NULL, kk_number text NOT NULL,
     enrolled_at timestamptz NOT NULL DEFAULT now())`,
    `ALTER TABLE ${S}.members ADD COLUMN IF NOT EXISTS clinic_code text, ADD COLUMN IF NOT EXISTS ended_on date`,
  ];

  /** A member seeded or added at run time (admin API); an existing one is left as it is. */
  async addMember(m: Omit<JknMemberRow, 'ended_on'>): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.members (nik, card_number, segment, kk_number, clinic_code) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING`, [
      m.nik, m.card_number, m.segment, m.kk_number, m.clinic_code,
    ]);
  }

  /** A member, active or ended. */
  async member(nik: string): Promise<Pick<JknMemberRow, 'card_number' | 'segment' | 'clinic_code' | 'ended_on'> | undefined> {
    const [row]: Array<Pick<JknMemberRow, 'card_number' | 'segment' | 'clinic_code' | 'ended_on'>> = await this.em.query(
      `SELECT card_number, segment, clinic_code, to_char(ended_on, 'YYYY-MM-DD') AS ended_on FROM ${S}.members WHERE nik = $1`,
      [nik],
    );
    return row;
  }

  async activeMember(nik: string): Promise<Active | undefined> {
    const [row]: Active[] = await this.em.query(`SELECT card_number, segment, kk_number, clinic_code FROM ${S}.members WHERE nik = $1 AND ended_on IS NULL`, [nik]);
    return row;
  }

  async isMember(nik: string): Promise<boolean> {
    return this.exists(`${S}.members`, 'nik = $1', [nik]);
  }

  /** The next card serial; the lock holds until the transaction ends, so no two enrolments take the same one. */
  async nextCardSerial(): Promise<number> {
    return this.takeSerial(4343, `${S}.members`);
  }

  async enrolNewborn(m: Pick<JknMemberRow, 'nik' | 'card_number' | 'segment' | 'kk_number'>): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.members (nik, card_number, segment, kk_number) VALUES ($1,$2,$3,$4)`, [m.nik, m.card_number, m.segment, m.kk_number]);
  }

  /** Ends an active membership on `date` (ISO); false when there is no active one. */
  async end(nik: string, date: string): Promise<boolean> {
    const [, n]: [unknown[], number] = await this.em.query(`UPDATE ${S}.members SET ended_on = $2 WHERE nik = $1 AND ended_on IS NULL`, [nik, date]);
    return n > 0;
  }

  async setClinic(nik: string, clinic: string): Promise<void> {
    await this.em.query(`UPDATE ${S}.members SET clinic_code = $2 WHERE nik = $1`, [nik, clinic]);
  }

  async setFamily(nik: string, kk: string): Promise<void> {
    await this.em.query(`UPDATE ${S}.members SET kk_number = $2 WHERE nik = $1`, [nik, kk]);
  }

  async counts(): Promise<{ members: number }> {
    return { members: await this.count(`${S}.members`) };
  }
}
