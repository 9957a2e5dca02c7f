import type { DataSource, EntityManager } from 'typeorm';
import { DEMO_FAMILIES, DEMO_SCHOOLS } from '@simpul/testing';
import { BpjsEmploymentRepository } from '../agencies/bpjs-employment.repository';
import { BpjsHealthRepository } from '../agencies/bpjs-health.repository';
import { CivilRegistryRepository } from '../agencies/civil-registry.repository';
import { EducationRepository } from '../agencies/education.repository';
import { ReligiousAffairsRepository } from '../agencies/religious-affairs.repository';
import { SocialAidRepository } from '../agencies/social-aid.repository';
import { IdempotencyRepository } from './idempotency.repository';
import { SandboxDatabaseRepository, type SandboxRepository } from './sandbox.repository';

/** Every repository of the sandbox: each writes its own tables and no other's (see sandbox.repository.ts). */
export const SANDBOX_REPOSITORIES: ReadonlyArray<new (em: EntityManager) => SandboxRepository> = [
  SandboxDatabaseRepository,
  CivilRegistryRepository,
  BpjsHealthRepository,
  SocialAidRepository,
  BpjsEmploymentRepository,
  EducationRepository,
  ReligiousAffairsRepository,
  IdempotencyRepository,
];

interface Registers {
  civil: CivilRegistryRepository;
  health: BpjsHealthRepository;
  socialAid: SocialAidRepository;
  employment: BpjsEmploymentRepository;
  education: EducationRepository;
  kua: ReligiousAffairsRepository;
}

/** Creates what is missing of every agency's schema and seeds the demo population, in one transaction. */
export async function createSandboxSchema(ds: DataSource): Promise<void> {
  await new SandboxDatabaseRepository(ds.manager).transaction(async (db) => {
    const join = <R extends SandboxRepository>(repository: new (em: EntityManager) => R): R => new repository(ds.manager).joining(db);
    await db.lockSetup();
    await db.createTables();
    const registers: Registers = {
      civil: join(CivilRegistryRepository),
      health: join(BpjsHealthRepository),
      socialAid: join(SocialAidRepository),
      employment: join(BpjsEmploymentRepository),
      education: join(EducationRepository),
      kua: join(ReligiousAffairsRepository),
    };
    for (const register of Object.values(registers)) await register.createTables();
    await join(IdempotencyRepository).createTables();
    for (const family of Object.values(DEMO_FAMILIES)) await seedFamily(registers, family);
    for (const s of DEMO_SCHOOLS) await registers.education.seedSchool({ npsn: s.npsn, name: s.name, region_code: s.regionCode });
  });
}

type Family = (typeof DEMO_FAMILIES)[keyof typeof DEMO_FAMILIES];
type Person = { nik: string; name: string; birthDate: string; sex: 'F' | 'M'; role: string };

/** The people on a family card, each with their place in it (STAT_HBKEL). */
function membersOf(family: Family): Person[] {
  const hasFather = 'father' in family && !!family.father;
  const people: Person[] = [{ ...family.mother, sex: 'F', role: hasFather ? 'ISTRI' : 'KEPALA KELUARGA' }];
  if ('father' in family && family.father) people.push({ ...family.father, sex: 'M', role: 'KEPALA KELUARGA' });
  if ('children' in family) people.push(...family.children.map((c) => ({ ...c, role: 'ANAK' })));
  return people;
}

/** A demo family on every register it belongs to; its parents are married (on the KUA's register, and KAWIN). */
async function seedFamily(r: Registers, family: Family): Promise<void> {
  const people = membersOf(family);
  for (const p of people) {
    await r.civil.seedResident({ nik: p.nik, name: p.name, sex: p.sex, birth_date: p.birthDate, kk_number: family.kkNumber, family_role: p.role });
  }
  if ('bpjs' in family && family.bpjs) {
    const bpjs = family.bpjs;
    for (const [i, p] of people.entries()) {
      const card = i === 0 ? bpjs.cardNumber : `${bpjs.cardNumber.slice(0, 10)}${String(900 + i)}`;
      await r.health.addMember({ nik: p.nik, card_number: card, segment: bpjs.segment, kk_number: family.kkNumber, clinic_code: `FKTP-${family.regionCode}-01` });
    }
  }
  if ('father' in family && family.father) {
    const [husband, wife] = [family.father.nik, family.mother.nik];
    await r.civil.markMarried([husband, wife]);
    await r.kua.seedAct({ act_number: `S${husband.slice(12)}/${family.regionCode}/I/2010`, husband_nik: husband, wife_nik: wife, akad_date: '2010-01-10', place: 'KUA', kua_code: family.regionCode });
  }
  if ('welfare' in family && family.welfare) {
    const w = family.welfare;
    await r.socialAid.seedHousehold({ kk_number: family.kkNumber, decile: w.decile, pkh_candidate: w.pkhCandidate, members: people.length, region_code: family.regionCode });
  }
  if ('father' in family && family.father && 'bpjsEmploymentKpj' in family.father && family.father.bpjsEmploymentKpj) {
    await r.employment.addMember({ nik: family.father.nik, kpj_number: family.father.bpjsEmploymentKpj });
  }
}
