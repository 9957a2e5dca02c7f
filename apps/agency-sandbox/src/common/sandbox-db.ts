import { DataSource } from 'typeorm';
import { DEMO_FAMILIES } from '@simpul/testing';

/** Each stand-in agency owns a schema of its own, as a real agency owns its own database. */
export const SCHEMAS = { civilRegistry: 'sandbox_civil_registry', bpjsHealth: 'sandbox_bpjs_health', socialAid: 'sandbox_social_aid' } as const;

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

async function seed(query: (sql: string, params: unknown[]) => Promise<unknown>): Promise<void> {
  for (const family of Object.values(DEMO_FAMILIES)) {
    const people: Array<{ nik: string; name: string; birthDate: string; sex: 'F' | 'M' }> = [{ ...family.mother, sex: 'F' }];
    if ('father' in family && family.father) people.push({ ...family.father, sex: 'M' });
    for (const p of people) {
      await query(
        `INSERT INTO ${SCHEMAS.civilRegistry}.residents (nik, name, sex, birth_date, kk_number) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING`,
        [p.nik, p.name, p.sex, p.birthDate, family.kkNumber],
      );
      if ('bpjs' in family && family.bpjs) {
        const card = p.sex === 'F' ? family.bpjs.cardNumber : `${family.bpjs.cardNumber.slice(0, 12)}9`;
        await query(
          `INSERT INTO ${SCHEMAS.bpjsHealth}.members (nik, card_number, segment, kk_number) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING`,
          [p.nik, card, family.bpjs.segment, family.kkNumber],
        );
      }
    }
    if ('welfare' in family && family.welfare) {
      await query(
        `INSERT INTO ${SCHEMAS.socialAid}.households (kk_number, decile, pkh_candidate, members) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING`,
        [family.kkNumber, family.welfare.decile, family.welfare.pkhCandidate, people.length],
      );
    }
  }
}
