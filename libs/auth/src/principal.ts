import type { AgencyId } from '@simpul/contracts';
import type { Role } from './roles.decorator';

/** Who is calling, as proven by a verified token. */
export interface Principal {
  subject: string;
  role: Role;
  /** For citizens, the NIK (the token's subject). */
  nik?: string;
  /** For officers and supervisors, the one agency they act for. */
  agency?: AgencyId;
  /** For a health facility's machine client, the facility it speaks for (token claim `facility_id`). */
  facilityId?: string;
  /** For a counter officer of a public service mall (MPP): the mall (token claim `mall_id`). */
  mallId?: string;
  /** For officers of a regional office: the province (2 digits) or regency (4 digits) code they serve. */
  region?: string;
  /** The assurance level the person signed in with (the token's `acr`), when the provider says. */
  acr?: string;
}
