import { AGENCY_NAMES, type AgencyId, type LocalizedText } from '@simpul/contracts';
import { regionName } from './area-reference';

/** What a regional office of an agency is called in the regencies and cities (Disdukcapil, Dinas Sosial). */
const REGIONAL_OFFICE: Partial<Record<AgencyId, LocalizedText>> = {
  'civil-registry': { id: 'Disdukcapil', en: 'Disdukcapil' },
  'social-aid': { id: 'Dinas Sosial', en: 'Dinas Sosial' },
};

/** "Dinas Sosial Kota Jayapura"; the agency's own name for a national office (no region). */
export function officeName(agency: AgencyId, region: string): string {
  const office = REGIONAL_OFFICE[agency];
  const place = region ? regionName(region) : undefined;
  return office && place ? `${office.id} ${place}` : AGENCY_NAMES[agency];
}
