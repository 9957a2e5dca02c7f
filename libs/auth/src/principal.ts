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
}
