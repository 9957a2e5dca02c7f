import { LIFE_EVENTS, type DemoCitizen, type DemoContext, type LifeEventType } from '@simpul/contracts';

/**
 * The sandbox's seeded demo population, shared by the sandbox seed, the demo scenarios and the tests.
 * Every identifier is synthetic and valid by the identifier rules of docs/architecture.md.
 */
export interface DemoPerson {
  nik: string;
  name: string;
  birthDate: string;
}

export interface DemoFamily {
  label: string;
  kkNumber: string;
  regionCode: string;
  mother: DemoPerson;
  father?: DemoPerson & { bpjsEmploymentKpj?: string };
  children?: Array<DemoPerson & { sex: 'F' | 'M' }>;
  /** BPJS Kesehatan membership of the family, if any. */
  bpjs?: { cardNumber: string; segment: 'PBI' | 'PBPU' | 'PPU' };
  /** Presence in the welfare register (DTSEN) and whether the household is a PKH candidate. */
  welfare?: { decile: number; pkhCandidate: boolean };
}

export const DEMO_FAMILIES = {
  /** In the welfare register and a PKH candidate; PBI member of JKN: a social-aid officer must verify. */
  eligible: {
    label: 'Keluarga Rahmawati (Bandung)',
    kkNumber: '3273010101150001',
    regionCode: '327301',
    mother: { nik: '3273014506900001', name: 'Dewi Rahmawati', birthDate: '1990-06-05' },
    father: { nik: '3273011203880002', name: 'Agus Santoso', birthDate: '1988-03-12' },
    children: [{ nik: '3273011507120003', name: 'Rizky Santoso', birthDate: '2012-07-15', sex: 'M' }],
    bpjs: { cardNumber: '0001234567891', segment: 'PBI' },
    welfare: { decile: 2, pkhCandidate: true },
  },
  /** JKN member (employee) outside the welfare register: completes without an officer. */
  member: {
    label: 'Keluarga Wijaya (Jakarta Selatan)',
    kkNumber: '3174021503180002',
    regionCode: '317402',
    mother: { nik: '3174025208920003', name: 'Maya Wijaya', birthDate: '1992-08-12' },
    father: { nik: '3174020511900004', name: 'Budi Wijaya', birthDate: '1990-11-05', bpjsEmploymentKpj: '19012345678' },
    children: [{ nik: '3174021003150005', name: 'Kevin Wijaya', birthDate: '2015-03-10', sex: 'M' }],
    bpjs: { cardNumber: '0009876543210', segment: 'PPU' },
  },
  /** Neither a JKN member nor in the welfare register. */
  outside: {
    label: 'Keluarga Lestari (Surabaya)',
    kkNumber: '3578012002200003',
    regionCode: '357801',
    mother: { nik: '3578016107950004', name: 'Sri Lestari', birthDate: '1995-07-21' },
  },
  /**
   * In Kota Jayapura, whose Dinas Sosial is not connected to Kemensos' system yet (the demo's connection registry: MANUAL):
   * the welfare step of a birth is done by hand there (scenario birth-manual-region, docs/phased-integration.md).
   */
  jayapura: {
    label: 'Keluarga Wenda (Kota Jayapura)',
    kkNumber: '9171011404190006',
    regionCode: '917101',
    mother: { nik: '9171014704930007', name: 'Yohana Wenda', birthDate: '1993-04-07' },
  },
  /** A widow's family in Surabaya whose grown daughter is unmarried; JKN members (self-paying). */
  bride: {
    label: 'Keluarga Hasanah (Surabaya)',
    kkNumber: '3578011505180004',
    regionCode: '357801',
    mother: { nik: '3578014302680005', name: 'Siti Hasanah', birthDate: '1968-02-03' },
    children: [{ nik: '3578015704980006', name: 'Nur Aini', birthDate: '1998-04-17', sex: 'F' }],
    bpjs: { cardNumber: '0003456789012', segment: 'PBPU' },
  },
  /** A widow's family in Surabaya whose grown son is unmarried; outside JKN. */
  groom: {
    label: 'Keluarga Pratama (Surabaya)',
    kkNumber: '3578010306150005',
    regionCode: '357801',
    mother: { nik: '3578014112660008', name: 'Ratna Pratama', birthDate: '1966-12-01' },
    children: [{ nik: '3578010909960007', name: 'Ahmad Fauzi', birthDate: '1996-09-09', sex: 'M' }],
  },
} satisfies Record<string, DemoFamily>;

/** A well-formed NIK the civil registry does not know: the birth is rejected. */
export const UNKNOWN_MOTHER_NIK = '3201015009990009';
export const UNKNOWN_MOTHER_KK = '3201011010190005';
/** A well-formed NIK of nobody in the register: a death report is rejected. */
export const UNKNOWN_DECEASED_NIK = '3174021212600007';

/** Schools known to the education agency (NPSN). */
export const DEMO_SCHOOLS = [{ npsn: '20219876', name: 'SD Negeri 1 Bandung', regionCode: '327301' }];
/** Region codes: Surabaya (integrated everywhere) and Jayapura (not yet integrated with the social-aid system). */
export const REGIONS = { surabaya: '357801', jayapura: '917101' };

/** Every demo scenario: those of the life events' modules (libs/contracts), `npm run -s demo -- <scenario>`. */
export const SCENARIOS: readonly string[] = LIFE_EVENTS.flatMap((m) => Object.keys(m.demo?.scenarios ?? {}));
export type Scenario = string;
export type BirthScenario = 'birth-auto' | 'birth-officer' | 'birth-rejected' | 'birth-late';

export interface ApplicationBody {
  lifeEvent: LifeEventType;
  applicantNik: string;
  channel: 'SELF';
  data: Record<string, unknown>;
  consents?: Record<string, boolean>;
}

/**
 * The demo citizens consent to every data-sharing step (a step left out is skipped); the consent tests say otherwise.
 * Kept as data in each life event's module (`demo.consents`), not read from the catalog, so a new consent step shows
 * up as a failing demo until added.
 */
export const FULL_CONSENT = Object.fromEntries(LIFE_EVENTS.map((m) => [m.type, m.demo?.consents ?? {}])) as Record<LifeEventType, Record<string, boolean>>;

/**
 * Scenarios of phased integration (docs/phased-integration.md), apart from SCENARIOS because they do not settle by
 * themselves: birth-manual-region waits for a Dinas Sosial Kota Jayapura officer to record the welfare step by hand.
 */
export const MANUAL_SCENARIOS = ['birth-manual-region'] as const;
export type ManualScenario = (typeof MANUAL_SCENARIOS)[number];

/** A birth in Kota Jayapura: the civil registry by API, BPJS by API, the welfare step by hand at Dinas Sosial. */
export function manualScenarioApplication(_scenario: ManualScenario, childName = 'Maria Wenda', birthDate = recentDate(7)): ApplicationBody {
  const family = DEMO_FAMILIES.jayapura;
  return {
    lifeEvent: 'BIRTH',
    applicantNik: family.mother.nik,
    channel: 'SELF',
    consents: FULL_CONSENT.BIRTH,
    data: { motherNik: family.mother.nik, kkNumber: family.kkNumber, child: { name: childName, sex: 'F', birthDate, birthPlace: 'Jayapura' } },
  };
}

/** What the life events' demo scenarios may name: the demo families' people, and the NIKs nobody holds. */
export function demoContext(): DemoContext {
  const people: Record<string, DemoCitizen> = {};
  for (const [key, family] of Object.entries(DEMO_FAMILIES) as Array<[string, DemoFamily]>) {
    const at = (nik: string) => ({ nik, kkNumber: family.kkNumber, regionCode: family.regionCode });
    people[`${key}.mother`] = at(family.mother.nik);
    if (family.father) people[`${key}.father`] = at(family.father.nik);
    if (family.children?.[0]) people[`${key}.child`] = at(family.children[0].nik);
  }
  people.unknownMother = { nik: UNKNOWN_MOTHER_NIK, kkNumber: UNKNOWN_MOTHER_KK, regionCode: UNKNOWN_MOTHER_NIK.slice(0, 6) };
  people.unknownDeceased = { nik: UNKNOWN_DECEASED_NIK, kkNumber: DEMO_FAMILIES.member.kkNumber, regionCode: DEMO_FAMILIES.member.regionCode };
  return { people, regions: REGIONS, schoolNpsn: DEMO_SCHOOLS[0].npsn, daysAgo: recentDate };
}

/** The body of `POST /v1/applications` for any demo scenario (from its life event's module). */
export function scenarioApplication(scenario: Scenario): ApplicationBody {
  const module = LIFE_EVENTS.find((m) => m.demo && Object.hasOwn(m.demo.scenarios, scenario));
  if (!module?.demo) throw new Error(`no demo scenario "${scenario}" (known: ${SCENARIOS.join(', ')})`);
  const { applicantNik, data } = module.demo.scenarios[scenario](demoContext());
  return { lifeEvent: module.type, applicantNik, channel: 'SELF', data, consents: { ...module.demo.consents } };
}

interface BirthData {
  motherNik: string;
  fatherNik?: string;
  kkNumber: string;
  child: { name: string; sex: 'F' | 'M'; birthDate: string; birthPlace: string };
}

/** The body of `POST /v1/applications` for a birth scenario, with the child's name and date of birth of the caller's choice. */
export function birthApplication(scenario: BirthScenario, childName = 'Putri Ayu', birthDate = recentDate(scenario === 'birth-late' ? 90 : 10)) {
  const body = scenarioApplication(scenario);
  const data = body.data as unknown as BirthData;
  return { ...body, lifeEvent: 'BIRTH' as const, data: { ...data, child: { ...data.child, name: childName, birthDate } } };
}

function recentDate(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

/** A fresh, valid NIK in a region (for tests that need someone new): random birth date and serial. */
export function randomNik(regionCode: string, sex: 'F' | 'M', random: () => number = Math.random): string {
  const day = 1 + Math.floor(random() * 28) + (sex === 'F' ? 40 : 0);
  const month = 1 + Math.floor(random() * 12);
  const year = 50 + Math.floor(random() * 40);
  const serial = 1 + Math.floor(random() * 9998);
  return `${regionCode}${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${year}${String(serial).padStart(4, '0')}`;
}
