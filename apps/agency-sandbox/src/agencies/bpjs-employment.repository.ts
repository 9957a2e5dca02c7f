import { SandboxRepository, SCHEMAS } from '../common/sandbox.repository';

const S = SCHEMAS.bpjsEmployment;

/** A BPJS Ketenagakerjaan participant, by the KPJ card number. */
export interface EmploymentMemberRow {
  nik: string;
  kpj_number: string;
  active: boolean;
}

/** A death benefit (JKM) claim: at most one per deceased member. */
export interface DeathBenefitClaimRow {
  claim_number: string;
  deceased_nik: string;
  heir_nik: string;
}

/** BPJS Ketenagakerjaan's register (the bpjs-employment stand-in's schema): participants and JKM claims. */
export class BpjsEmploymentRepository extends SandboxRepository {
  protected readonly ddl = [
    `CREATE TABLE IF NOT EXISTS ${S}.members (nik text PRIMARY KEY, kpj_number text NOT NULL UNIQUE, active boolean NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${S}.death_benefit_claims (
     claim_number text PRIMARY KEY, deceased_nik text NOT NULL UNIQUE, heir_nik text NOT NULL, opened_at timestamptz NOT NULL DEFAULT now())`,
  ];

  /** An active participant, seeded or added at run time (admin API); an existing one is left as it is. */
  async addMember(m: Pick<EmploymentMemberRow, 'nik' | 'kpj_number'>): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.members (nik, kpj_number, active) VALUES ($1,$2,true) ON CONFLICT DO NOTHING`, [m.nik, m.kpj_number]);
  }

  async activeMember(nik: string): Promise<Pick<EmploymentMemberRow, 'kpj_number'> | undefined> {
    const [row]: Array<Pick<EmploymentMemberRow, 'kpj_number'>> = await this.em.query(`SELECT kpj_number FROM ${S}.members WHERE nik = $1 AND active`, [nik]);
    return row;
  }

  async claimOf(deceasedNik: string): Promise<Pick<DeathBenefitClaimRow, 'claim_number'> | undefined> {
    const [row]: Array<Pick<DeathBenefitClaimRow, 'claim_number'>> = await this.em.query(`SELECT claim_number FROM ${S}.death_benefit_claims WHERE deceased_nik = $1`, [
      deceasedNik,
    ]);
    return row;
  }

  /** The next claim serial; the lock holds until the transaction ends, so no two claims take the same one. */
  async nextClaimSerial(): Promise<number> {
    return this.takeSerial(4246, `${S}.death_benefit_claims`);
  }

  async openClaim(c: DeathBenefitClaimRow): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.death_benefit_claims (claim_number, deceased_nik, heir_nik) VALUES ($1,$2,$3)`, [c.claim_number, c.deceased_nik, c.heir_nik]);
  }

  async counts(): Promise<{ deathBenefitClaims: number }> {
    return { deathBenefitClaims: await this.count(`${S}.death_benefit_claims`) };
  }
}
