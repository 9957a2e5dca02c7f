export const AGENCY_IDS = ['civil-registry', 'bpjs-health', 'social-aid', 'education', 'bpjs-employment', 'religious-affairs'] as const;
export type AgencyId = (typeof AGENCY_IDS)[number];

export const AGENCY_NAMES: Record<AgencyId, string> = {
  'civil-registry': 'Disdukcapil',
  'bpjs-health': 'BPJS Kesehatan',
  'social-aid': 'Kemensos',
  education: 'Kemendikbudristek',
  'bpjs-employment': 'BPJS Ketenagakerjaan',
  'religious-affairs': 'KUA Kemenag',
};

export function isAgencyId(value: unknown): value is AgencyId {
  return typeof value === 'string' && (AGENCY_IDS as readonly string[]).includes(value);
}
