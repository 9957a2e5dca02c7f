import { SandboxRepository, SCHEMAS } from '../common/sandbox.repository';

const S = SCHEMAS.socialAid;

/** A household in Kemensos' welfare register (DTKS / DTSEN). */
export interface HouseholdRow {
  kk_number: string;
  /** Welfare decile, 1 (poorest) to 10. */
  decile: number;
  pkh_candidate: boolean;
  members: number;
  region_code: string | null;
}

/** A DTKS proposal (usulan); its columns are the names the agency answers with. */
export interface ProposalRow {
  no_tiket: string;
  ref_pengirim: string;
  no_kk: string;
  nik_anggota: string;
  /** DIAJUKAN, then DITERIMA or DITOLAK by the batch. */
  status_usulan: string;
  no_registrasi: string | null;
  layak_pkh: boolean | null;
  kode_alasan: string | null;
  alasan: string | null;
}

/** What a status answer shows: never the member's NIK or the KK number (the proposer sent them; it has them). */
export type ProposalStatus = Pick<ProposalRow, 'no_tiket' | 'ref_pengirim' | 'status_usulan' | 'no_registrasi' | 'layak_pkh' | 'kode_alasan' | 'alasan'>;
const STATUS_COLUMNS = `no_tiket, ref_pengirim, status_usulan, no_registrasi, layak_pkh, kode_alasan, alasan`;

/** A PKH determination (penetapan) after the social worker's verification. */
export interface PkhDeterminationRow {
  no_penetapan: string;
  no_registrasi: string;
  id_pendamping: string;
  komponen: string;
}

export interface HouseholdTransferRow {
  transfer_id: string;
  old_kk: string;
  new_kk: string;
  destination_region: string;
}

/** Kemensos' welfare register (the social-aid stand-in's schema): households, proposals, PKH, removals, transfers. */
export class SocialAidRepository extends SandboxRepository {
  readonly schema = S;
  protected readonly ddl = [
    `CREATE TABLE IF NOT EXISTS ${S}.households (
     kk_number text PRIMARY KEY, decile int NOT NULL, pkh_candidate boolean NOT NULL, members int NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${S}.assessments (
     assessment_id text PRIMARY KEY, kk_number text NOT NULL, in_register boolean NOT NULL, pkh_candidate boolean NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE IF NOT EXISTS ${S}.grants (
     grant_id text PRIMARY KEY, assessment_id text NOT NULL UNIQUE, officer_id text NOT NULL, granted_at timestamptz NOT NULL DEFAULT now())`,
    // Kemensos DTKS proposals (usulan): no uniqueness on the sender's reference, as the agency keeps no idempotency.
    `CREATE TABLE IF NOT EXISTS ${S}.usulan (
     no_tiket text PRIMARY KEY, ref_pengirim text NOT NULL, no_kk text NOT NULL, nik_anggota text NOT NULL,
     status_usulan text NOT NULL DEFAULT 'DIAJUKAN', no_registrasi text UNIQUE, layak_pkh boolean, kode_alasan text, alasan text,
     diajukan_pada timestamptz NOT NULL DEFAULT now(), diputuskan_pada timestamptz)`,
    `CREATE INDEX IF NOT EXISTS usulan_ref_pengirim ON ${S}.usulan (ref_pengirim)`,
    `CREATE TABLE IF NOT EXISTS ${S}.penetapan_pkh (
     no_penetapan text PRIMARY KEY, no_registrasi text NOT NULL, id_pendamping text NOT NULL, komponen text NOT NULL,
     ditetapkan_pada timestamptz NOT NULL DEFAULT now())`,
    `ALTER TABLE ${S}.households ADD COLUMN IF NOT EXISTS region_code text`,
    `CREATE TABLE IF NOT EXISTS ${S}.beneficiary_removals (
     nik text PRIMARY KEY, kk_number text NOT NULL, removed_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE IF NOT EXISTS ${S}.household_transfers (
     transfer_id text PRIMARY KEY, old_kk text NOT NULL, new_kk text NOT NULL UNIQUE, destination_region text NOT NULL,
     transferred_at timestamptz NOT NULL DEFAULT now())`,
  ];

  async seedHousehold(h: HouseholdRow): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.households (kk_number, decile, pkh_candidate, members, region_code) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING`, [
      h.kk_number, h.decile, h.pkh_candidate, h.members, h.region_code,
    ]);
  }

  async household(kk: string): Promise<Pick<HouseholdRow, 'kk_number' | 'decile' | 'pkh_candidate' | 'members'> | undefined> {
    const [row]: Array<Pick<HouseholdRow, 'kk_number' | 'decile' | 'pkh_candidate' | 'members'>> = await this.em.query(
      `SELECT kk_number, decile, pkh_candidate, members FROM ${S}.households WHERE kk_number = $1`,
      [kk],
    );
    return row;
  }

  async propose(p: Pick<ProposalRow, 'no_tiket' | 'ref_pengirim' | 'no_kk' | 'nik_anggota'>): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.usulan (no_tiket, ref_pengirim, no_kk, nik_anggota) VALUES ($1,$2,$3,$4)`, [p.no_tiket, p.ref_pengirim, p.no_kk, p.nik_anggota]);
  }

  async proposalsByRef(ref: string): Promise<ProposalStatus[]> {
    return this.em.query(`SELECT ${STATUS_COLUMNS} FROM ${S}.usulan WHERE ref_pengirim = $1 ORDER BY diajukan_pada`, [ref]);
  }

  async proposal(ticket: string): Promise<ProposalStatus | undefined> {
    const [row]: ProposalStatus[] = await this.em.query(`SELECT ${STATUS_COLUMNS} FROM ${S}.usulan WHERE no_tiket = $1`, [ticket]);
    return row;
  }

  /** The proposals still DIAJUKAN, oldest first, locked for this batch (another batch skips them). */
  async waitingProposals(): Promise<Array<Pick<ProposalRow, 'no_tiket' | 'no_kk' | 'nik_anggota'>>> {
    return this.em.query(`SELECT no_tiket, no_kk, nik_anggota FROM ${S}.usulan WHERE status_usulan = 'DIAJUKAN' ORDER BY diajukan_pada FOR UPDATE SKIP LOCKED`);
  }

  /** True when the NIK was accepted into another family's household. */
  async acceptedElsewhere(nik: string, kk: string): Promise<boolean> {
    return this.exists(`${S}.usulan`, `nik_anggota = $1 AND status_usulan = 'DITERIMA' AND no_kk <> $2`, [nik, kk]);
  }

  /** DITERIMA: the member joins the household, and the proposal gets its registration number. */
  async accept(p: Pick<ProposalRow, 'no_tiket' | 'no_kk' | 'no_registrasi' | 'layak_pkh'>): Promise<void> {
    await this.em.query(`UPDATE ${S}.households SET members = members + 1 WHERE kk_number = $1`, [p.no_kk]);
    await this.em.query(`UPDATE ${S}.usulan SET status_usulan = 'DITERIMA', no_registrasi = $2, layak_pkh = $3, diputuskan_pada = now() WHERE no_tiket = $1`, [
      p.no_tiket, p.no_registrasi, p.layak_pkh,
    ]);
  }

  async refuse(p: Pick<ProposalRow, 'no_tiket' | 'kode_alasan' | 'alasan'>): Promise<void> {
    await this.em.query(`UPDATE ${S}.usulan SET status_usulan = 'DITOLAK', kode_alasan = $2, alasan = $3, diputuskan_pada = now() WHERE no_tiket = $1`, [
      p.no_tiket, p.kode_alasan, p.alasan,
    ]);
  }

  async eligibility(registration: string): Promise<Pick<ProposalRow, 'layak_pkh'> | undefined> {
    const [row]: Array<Pick<ProposalRow, 'layak_pkh'>> = await this.em.query(`SELECT layak_pkh FROM ${S}.usulan WHERE no_registrasi = $1`, [registration]);
    return row;
  }

  async determine(d: PkhDeterminationRow): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.penetapan_pkh (no_penetapan, no_registrasi, id_pendamping, komponen) VALUES ($1,$2,$3,$4)`, [
      d.no_penetapan, d.no_registrasi, d.id_pendamping, d.komponen,
    ]);
  }

  async determinations(registration: string): Promise<Array<Pick<PkhDeterminationRow, 'no_penetapan' | 'komponen'>>> {
    return this.em.query(`SELECT no_penetapan, komponen FROM ${S}.penetapan_pkh WHERE no_registrasi = $1 ORDER BY ditetapkan_pada`, [registration]);
  }

  /** A deceased member leaves the household (once: a removal is kept per NIK). */
  async removeBeneficiary(nik: string, kk: string): Promise<void> {
    await this.em.query(`UPDATE ${S}.households SET members = GREATEST(members - 1, 0) WHERE kk_number = $1`, [kk]);
    await this.em.query(`INSERT INTO ${S}.beneficiary_removals (nik, kk_number) VALUES ($1,$2) ON CONFLICT DO NOTHING`, [nik, kk]);
  }

  async transferHousehold(t: HouseholdTransferRow): Promise<void> {
    await this.em.query(`INSERT INTO ${S}.household_transfers (transfer_id, old_kk, new_kk, destination_region) VALUES ($1,$2,$3,$4)`, [
      t.transfer_id, t.old_kk, t.new_kk, t.destination_region,
    ]);
  }

  async counts(): Promise<{ proposals: number; pkhDeterminations: number; householdTransfers: number }> {
    return {
      proposals: await this.count(`${S}.usulan`),
      pkhDeterminations: await this.count(`${S}.penetapan_pkh`),
      householdTransfers: await this.count(`${S}.household_transfers`),
    };
  }
}
