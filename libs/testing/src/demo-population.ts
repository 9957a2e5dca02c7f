/**
 * The sandbox's seeded demo population, shared by the sandbox seed, the demo scenarios and the tests.
 * Every identifier is synthetic and valid by DOMAIN.md's rules.
 */
export interface DemoFamily {
  label: string;
  kkNumber: string;
  mother: { nik: string; name: string; birthDate: string };
  father?: { nik: string; name: string; birthDate: string };
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
    mother: { nik: '3273014506900001', name: 'Dewi Rahmawati', birthDate: '1990-06-05' },
    father: { nik: '3273011203880002', name: 'Agus Santoso', birthDate: '1988-03-12' },
    bpjs: { cardNumber: '0001234567891', segment: 'PBI' },
    welfare: { decile: 2, pkhCandidate: true },
  },
  /** JKN member (employee) outside the welfare register: completes without an officer. */
  member: {
    label: 'Keluarga Wijaya (Jakarta Selatan)',
    kkNumber: '3174021503180002',
    mother: { nik: '3174025208920003', name: 'Maya Wijaya', birthDate: '1992-08-12' },
    father: { nik: '3174020511900004', name: 'Budi Wijaya', birthDate: '1990-11-05' },
    bpjs: { cardNumber: '0009876543210', segment: 'PPU' },
  },
  /** Neither a JKN member nor in the welfare register. */
  outside: {
    label: 'Keluarga Lestari (Surabaya)',
    kkNumber: '3578012002200003',
    mother: { nik: '3578016107950004', name: 'Sri Lestari', birthDate: '1995-07-21' },
  },
} satisfies Record<string, DemoFamily>;

/** A well-formed NIK the civil registry does not know: the birth is rejected. */
export const UNKNOWN_MOTHER_NIK = '3201015009990009';
export const UNKNOWN_MOTHER_KK = '3201011010190005';

export type BirthScenario = 'birth-auto' | 'birth-officer' | 'birth-rejected';

/** The body of `POST /v1/applications` for a demo scenario. */
export function birthApplication(scenario: BirthScenario, childName = 'Putri Ayu', birthDate = recentDate(10)) {
  const family = scenario === 'birth-officer' ? DEMO_FAMILIES.eligible : DEMO_FAMILIES.member;
  const motherNik = scenario === 'birth-rejected' ? UNKNOWN_MOTHER_NIK : family.mother.nik;
  const kkNumber = scenario === 'birth-rejected' ? UNKNOWN_MOTHER_KK : family.kkNumber;
  return {
    lifeEvent: 'BIRTH' as const,
    applicantNik: motherNik,
    channel: 'SELF' as const,
    data: {
      motherNik,
      ...(scenario !== 'birth-rejected' && family.father ? { fatherNik: family.father.nik } : {}),
      kkNumber,
      child: { name: childName, sex: 'F' as const, birthDate, birthPlace: 'Bandung' },
    },
  };
}

function recentDate(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}
