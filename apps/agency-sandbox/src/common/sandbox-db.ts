import { DataSource } from 'typeorm';
import { DEMO_FAMILIES, DEMO_SCHOOLS } from '@simpul/testing';

/** Each stand-in agency owns a schema of its own, as a real agency owns its own database. */
export const SCHEMAS = {
  civilRegistry: 'sandbox_civil_registry',
  bpjsHealth: 'sandbox_bpjs_health',
  socialAid: 'sandbox_social_aid',
  bpjsEmployment: 'sandbox_bpjs_employment',
  education: 'sandbox_education',
  religiousAffairs: 'sandbox_religious_affairs',
} as const;

const DDL = [
  `CREATE SCHEMA IF NOT EXISTS ${SCHEMAS.civilRegistry}`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.civilRegistry}.residents (
     nik text PRIMARY KEY, name text NOT NULL, sex char(1) NOT NULL, birth_date date NOT NULL, kk_number text NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.civilRegistry}.birth_certificates (
     akta_number text PRIMARY KEY, child_nik text NOT NULL UNIQUE, mother_nik text NOT NULL, kk_number text NOT NULL,
     registered_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.bpjsHealth}.members (
     nik text PRIMARY KEY, card_number text NOT NULL UNIQUE, segment text NOT NULL, kk_number text NOT NULL,
     enrolled_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.socialAid}.households (
     kk_number text PRIMARY KEY, decile int NOT NULL, pkh_candidate boolean NOT NULL, members int NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.socialAid}.assessments (
     assessment_id text PRIMARY KEY, kk_number text NOT NULL, in_register boolean NOT NULL, pkh_candidate boolean NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.socialAid}.grants (
     grant_id text PRIMARY KEY, assessment_id text NOT NULL UNIQUE, officer_id text NOT NULL, granted_at timestamptz NOT NULL DEFAULT now())`,
  `ALTER TABLE ${SCHEMAS.civilRegistry}.residents ADD COLUMN IF NOT EXISTS deceased_on date`,
  // The member's place on the family card (Dukcapil's STAT_HBKEL): KEPALA KELUARGA, ISTRI, ANAK, FAMILI LAIN.
  `ALTER TABLE ${SCHEMAS.civilRegistry}.residents ADD COLUMN IF NOT EXISTS family_role text NOT NULL DEFAULT 'FAMILI LAIN'`,
  // Kemensos DTKS proposals (usulan): no uniqueness on the sender's reference, as the agency keeps no idempotency.
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.socialAid}.usulan (
     no_tiket text PRIMARY KEY, ref_pengirim text NOT NULL, no_kk text NOT NULL, nik_anggota text NOT NULL,
     status_usulan text NOT NULL DEFAULT 'DIAJUKAN', no_registrasi text UNIQUE, layak_pkh boolean, kode_alasan text, alasan text,
     diajukan_pada timestamptz NOT NULL DEFAULT now(), diputuskan_pada timestamptz)`,
  `CREATE INDEX IF NOT EXISTS usulan_ref_pengirim ON ${SCHEMAS.socialAid}.usulan (ref_pengirim)`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.socialAid}.penetapan_pkh (
     no_penetapan text PRIMARY KEY, no_registrasi text NOT NULL, id_pendamping text NOT NULL, komponen text NOT NULL,
     ditetapkan_pada timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.civilRegistry}.death_certificates (
     akta_number text PRIMARY KEY, nik text NOT NULL UNIQUE, kk_number text NOT NULL, date_of_death date NOT NULL,
     reporter_nik text NOT NULL, registered_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.civilRegistry}.move_letters (
     skpwni_number text PRIMARY KEY, nik text NOT NULL, old_kk text NOT NULL, new_kk text NOT NULL UNIQUE,
     destination_region text NOT NULL, status text NOT NULL, issued_at timestamptz NOT NULL DEFAULT now())`,
  `ALTER TABLE ${SCHEMAS.bpjsHealth}.members ADD COLUMN IF NOT EXISTS clinic_code text, ADD COLUMN IF NOT EXISTS ended_on date`,
  `ALTER TABLE ${SCHEMAS.socialAid}.households ADD COLUMN IF NOT EXISTS region_code text`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.socialAid}.beneficiary_removals (
     nik text PRIMARY KEY, kk_number text NOT NULL, removed_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.socialAid}.household_transfers (
     transfer_id text PRIMARY KEY, old_kk text NOT NULL, new_kk text NOT NULL UNIQUE, destination_region text NOT NULL,
     transferred_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.bpjsEmployment}.members (nik text PRIMARY KEY, kpj_number text NOT NULL UNIQUE, active boolean NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.bpjsEmployment}.death_benefit_claims (
     claim_number text PRIMARY KEY, deceased_nik text NOT NULL UNIQUE, heir_nik text NOT NULL, opened_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.education}.schools (npsn text PRIMARY KEY, name text NOT NULL, region_code text NOT NULL)`,
  // The Dukcapil style has no idempotency key: a caller finds its earlier registration by the reference it sent.
  `ALTER TABLE ${SCHEMAS.civilRegistry}.birth_certificates ADD COLUMN IF NOT EXISTS client_ref text`,
  `ALTER TABLE ${SCHEMAS.civilRegistry}.death_certificates ADD COLUMN IF NOT EXISTS client_ref text`,
  `ALTER TABLE ${SCHEMAS.civilRegistry}.move_letters ADD COLUMN IF NOT EXISTS client_ref text`,
  `CREATE INDEX IF NOT EXISTS birth_certificates_client_ref ON ${SCHEMAS.civilRegistry}.birth_certificates (client_ref)`,
  `CREATE INDEX IF NOT EXISTS move_letters_client_ref ON ${SCHEMAS.civilRegistry}.move_letters (client_ref)`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.education}.kip_cards (
     kip_number text PRIMARY KEY, pupil_nik text NOT NULL UNIQUE, npsn text NOT NULL, issued_at timestamptz NOT NULL DEFAULT now())`,
  // Marital status as Dukcapil records it (STATUS_KAWIN), and the marriages it recorded from a KUA's act (new KK).
  `ALTER TABLE ${SCHEMAS.civilRegistry}.residents ADD COLUMN IF NOT EXISTS marital_status text NOT NULL DEFAULT 'BELUM KAWIN'`,
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.civilRegistry}.marriage_records (
     marriage_act text PRIMARY KEY, husband_nik text NOT NULL, wife_nik text NOT NULL, new_kk text NOT NULL UNIQUE,
     client_ref text, registered_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE INDEX IF NOT EXISTS marriage_records_client_ref ON ${SCHEMAS.civilRegistry}.marriage_records (client_ref)`,
  // The KUA's marriage register (SIMKAH): one act per marriage; AKTIF until a divorce or a death ends it.
  `CREATE TABLE IF NOT EXISTS ${SCHEMAS.religiousAffairs}.marriages (
     act_number text PRIMARY KEY, husband_nik text NOT NULL, wife_nik text NOT NULL, akad_date date NOT NULL, place text NOT NULL,
     kua_code text NOT NULL, status text NOT NULL DEFAULT 'AKTIF', client_ref text, registered_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE INDEX IF NOT EXISTS marriages_client_ref ON ${SCHEMAS.religiousAffairs}.marriages (client_ref)`,
];

function idempotencyDdl(schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${schema}.idempotency_keys (
    key text PRIMARY KEY, request_hash text NOT NULL, status int NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`;
}

export async function createSandboxSchema(ds: DataSource): Promise<void> {
  await ds.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(727274)`);
    for (const schema of Object.values(SCHEMAS)) await em.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    for (const sql of DDL) await em.query(sql);
    for (const schema of Object.values(SCHEMAS)) await em.query(idempotencyDdl(schema));
    await seed(em.query.bind(em));
  });
}

/** A demo family's parents are married: on the KUA's register and, with that, KAWIN at the civil registry. */
async function seedMarriage(query: (sql: string, params: unknown[]) => Promise<unknown>, husband: { nik: string }, wife: { nik: string }, regionCode: string): Promise<void> {
  await query(`UPDATE ${SCHEMAS.civilRegistry}.residents SET marital_status = 'KAWIN' WHERE nik = ANY($1)`, [[husband.nik, wife.nik]]);
  await query(
    `INSERT INTO ${SCHEMAS.religiousAffairs}.marriages (act_number, husband_nik, wife_nik, akad_date, place, kua_code) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`,
    [`S${husband.nik.slice(12)}/${regionCode}/I/2010`, husband.nik, wife.nik, '2010-01-10', 'KUA', regionCode],
  );
}

async function seed(query: (sql: string, params: unknown[]) => Promise<unknown>): Promise<void> {
  const cr = SCHEMAS.civilRegistry;
  for (const family of Object.values(DEMO_FAMILIES)) {
    const hasFather = 'father' in family && !!family.father;
    const people: Array<{ nik: string; name: string; birthDate: string; sex: 'F' | 'M'; role: string }> = [{ ...family.mother, sex: 'F', role: hasFather ? 'ISTRI' : 'KEPALA KELUARGA' }];
    if ('father' in family && family.father) people.push({ ...family.father, sex: 'M', role: 'KEPALA KELUARGA' });
    if ('children' in family) people.push(...family.children.map((c) => ({ ...c, role: 'ANAK' })));
    for (const p of people) {
      await query(
        `INSERT INTO ${cr}.residents (nik, name, sex, birth_date, kk_number, family_role) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (nik) DO UPDATE SET family_role = EXCLUDED.family_role WHERE residents.family_role = 'FAMILI LAIN'`,
        [p.nik, p.name, p.sex, p.birthDate, family.kkNumber, p.role],
      );
    }
    if ('bpjs' in family && family.bpjs) {
      const bpjs = family.bpjs;
      for (const [i, p] of people.entries()) {
        const card = i === 0 ? bpjs.cardNumber : `${bpjs.cardNumber.slice(0, 10)}${String(900 + i)}`;
        await query(
          `INSERT INTO ${SCHEMAS.bpjsHealth}.members (nik, card_number, segment, kk_number, clinic_code) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING`,
          [p.nik, card, bpjs.segment, family.kkNumber, `FKTP-${family.regionCode}-01`],
        );
      }
    }
    if (hasFather) await seedMarriage(query, family.father as { nik: string }, family.mother, family.regionCode);
    if ('welfare' in family && family.welfare) {
      await query(
        `INSERT INTO ${SCHEMAS.socialAid}.households (kk_number, decile, pkh_candidate, members, region_code) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING`,
        [family.kkNumber, family.welfare.decile, family.welfare.pkhCandidate, people.length, family.regionCode],
      );
    }
    if ('father' in family && family.father && 'bpjsEmploymentKpj' in family.father && family.father.bpjsEmploymentKpj) {
      await query(`INSERT INTO ${SCHEMAS.bpjsEmployment}.members (nik, kpj_number, active) VALUES ($1,$2,true) ON CONFLICT DO NOTHING`, [
        family.father.nik,
        family.father.bpjsEmploymentKpj,
      ]);
    }
  }
  for (const school of DEMO_SCHOOLS) {
    await query(`INSERT INTO ${SCHEMAS.education}.schools (npsn, name, region_code) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`, [school.npsn, school.name, school.regionCode]);
  }
}
