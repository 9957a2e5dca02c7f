import { SandboxRepository, SCHEMAS } from '../common/sandbox.repository';

const S = SCHEMAS.religiousAffairs;

/** An act on the KUA's marriage register (SIMKAH): AKTIF until a divorce or a death ends it. */
export interface MarriageActRow {
  act_number: string;
  husband_nik: string;
  wife_nik: string;
  /** The day of the akad, ISO. */
  akad_date: string;
  place: string;
  kua_code: string;
  status: string;
  /** The caller's reference (NO_REF); null for the acts of the seeded population. */
  client_ref: string | null;
}

/** Kemenag's marriage register (the religious-affairs stand-in's schema). */
export class ReligiousAffairsRepository extends SandboxRepository {
  protected readonly ddl = [
    `CREATE TABLE IF NOT EXISTS ${S}.marriages (
     act_number text PRIMARY KEY, husband_nik text NOT NULL, wife_nik text NOT NULL, akad_date date NOT NULL, place text NOT NULL,
     kua_code text NOT NULL, status text NOT NULL DEFAULT 'AKTIF', client_ref text, registered_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE INDEX IF NOT EXISTS marriages_client_ref ON ${S}.marriages (client_ref)`,
  ];

  /** A demo couple's act, seeded again at every start. */
  async seedAct(m: Omit<MarriageActRow, 'status' | 'client_ref'>): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.marriages (act_number, husband_nik, wife_nik, akad_date, place, kua_code) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`,
      [m.act_number, m.husband_nik, m.wife_nik, m.akad_date, m.place, m.kua_code],
    );
  }

  async actsByRef(ref: string): Promise<Array<Pick<MarriageActRow, 'act_number' | 'status'>>> {
    return this.em.query(`SELECT act_number, status FROM ${S}.marriages WHERE client_ref = $1 ORDER BY registered_at`, [ref]);
  }

  /** Registrations one at a time until the transaction ends: the checks of who is bound, then the act's number. */
  async lockRegister(): Promise<void> {
    await this.lock(4248);
  }

  /** The active marriages that bind this husband or this wife. */
  async binding(husbandNik: string, wifeNik: string): Promise<Array<Pick<MarriageActRow, 'act_number' | 'husband_nik' | 'wife_nik'>>> {
    return this.em.query(`SELECT act_number, husband_nik, wife_nik FROM ${S}.marriages WHERE status = 'AKTIF' AND (husband_nik = $1 OR wife_nik = $2)`, [husbandNik, wifeNik]);
  }

  /** The number of the KUA office's next act (the seeded acts are not numbered in its series). */
  async nextActSerial(kuaCode: string): Promise<number> {
    return (await this.count(`${S}.marriages`, 'kua_code = $1 AND client_ref IS NOT NULL', [kuaCode])) + 1;
  }

  async register(m: Omit<MarriageActRow, 'status'>): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.marriages (act_number, husband_nik, wife_nik, akad_date, place, kua_code, client_ref) VALUES ($1,$2,$3,$4,$5,$6,$7)`, [
      m.act_number, m.husband_nik, m.wife_nik, m.akad_date, m.place, m.kua_code, m.client_ref,
    ]);
  }

  async counts(): Promise<{ marriages: number }> {
    return { marriages: await this.count(`${S}.marriages`) };
  }
}
