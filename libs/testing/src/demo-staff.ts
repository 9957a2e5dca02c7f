import { AGENCY_IDS, AGENCY_NAMES, type AgencyId } from '@simpul/contracts';
import { DEMO_FAMILIES } from './demo-population';

/**
 * The demo population's accounts at the development identity provider (apps/identity-sandbox): the citizens of the
 * demo families, and the staff who work on their applications. The subject is the account id; a citizen's is the NIK.
 */
export interface DemoAccount {
  subject: string;
  name: string;
  role: 'citizen' | 'officer' | 'supervisor' | 'operator' | 'auditor' | 'counter-officer';
  agency?: AgencyId;
  /** A regional office's province (2 digits) or regency (4 digits) code; absent for a national office. */
  region?: string;
  /** A counter officer's public service mall (MPP), the token's `mall_id`. */
  mallId?: string;
  /** Where the sign-in page groups it. */
  group: 'citizens' | 'officers' | 'regional-officers' | 'supervisors' | 'counter-officers' | 'operators' | 'auditors';
}

/** The regencies of the demo families, where regional offices (Disdukcapil, Dinas Sosial) have officers. */
export const DEMO_REGIONS: Record<string, string> = { '3273': 'Kota Bandung', '3174': 'Jakarta Selatan', '3578': 'Kota Surabaya', '9171': 'Kota Jayapura' };
/** The demo public service malls (Mal Pelayanan Publik) with counter officers: mall id → name. */
export const DEMO_MALLS: Record<string, string> = { 'mpp-kota-bandung': 'MPP Kota Bandung', 'mpp-jakarta-selatan': 'MPP Jakarta Selatan' };
/** Agencies whose officers act for one region (their offices are the regencies' own); the others are national. */
export const REGIONAL_AGENCIES: readonly AgencyId[] = ['civil-registry', 'social-aid'];

function citizens(): DemoAccount[] {
  return Object.values(DEMO_FAMILIES).flatMap((family) =>
    [family.mother, 'father' in family ? family.father : undefined]
      .filter((p): p is { nik: string; name: string; birthDate: string } => p !== undefined)
      .map((p) => ({ subject: p.nik, name: p.name, role: 'citizen' as const, group: 'citizens' as const })),
  );
}

function staff(): DemoAccount[] {
  const national = AGENCY_IDS.map((agency) => ({ subject: `officer-${agency}`, name: `Petugas ${AGENCY_NAMES[agency]}`, role: 'officer' as const, agency, group: 'officers' as const }));
  const regional = REGIONAL_AGENCIES.flatMap((agency) =>
    Object.entries(DEMO_REGIONS).map(([region, place]) => ({ subject: `officer-${agency}-${region}`, name: `Petugas ${AGENCY_NAMES[agency]} ${place}`, role: 'officer' as const, agency, region, group: 'regional-officers' as const })),
  );
  const supervisors = AGENCY_IDS.map((agency) => ({ subject: `supervisor-${agency}`, name: `Supervisor ${AGENCY_NAMES[agency]}`, role: 'supervisor' as const, agency, group: 'supervisors' as const }));
  return [
    ...national,
    ...regional,
    ...supervisors,
    // Counter officers of public service malls (Mal Pelayanan Publik), where citizens file in person.
    { subject: 'counter-mpp-kota-bandung', name: 'Petugas Loket MPP Kota Bandung', role: 'counter-officer', mallId: 'mpp-kota-bandung', group: 'counter-officers' },
    { subject: 'counter-mpp-jakarta-selatan', name: 'Petugas Loket MPP Jakarta Selatan', role: 'counter-officer', mallId: 'mpp-jakarta-selatan', group: 'counter-officers' },
    { subject: 'operator-1', name: 'Operator Simpul', role: 'operator', group: 'operators' },
    { subject: 'auditor-1', name: 'Auditor Inspektorat', role: 'auditor', group: 'auditors' },
  ];
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [...citizens(), ...staff()];

export function demoAccount(subject: string): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((a) => a.subject === subject);
}
