import type { AgencyConnection } from '@simpul/config';
import { FAMILY_CARD_ACTIVITY, type FamilyCard, type FamilyCardQuery, type FamilyRelation } from '@simpul/contracts';
import { contractError, type AgencyHttp } from '../agency-http.client';
import { dukcapilCaller, type Row } from './civil-registry.adapter';

/** Dukcapil's STAT_HBKEL texts, as Simpul names a member's place in the family. */
const RELATIONS: Record<string, FamilyRelation> = { 'KEPALA KELUARGA': 'HEAD', ISTRI: 'SPOUSE', SUAMI: 'SPOUSE', ANAK: 'CHILD' };
const iso = (dmy: string) => dmy.split('-').reverse().join('-');

/**
 * Reads a person's family card from Disdukcapil for a pre-fill: the person (CALL_NIK gives their NO_KK), then the card
 * (CALL_KK gives its living members). A read changes nothing at the agency, so it needs no look-up before it.
 */
export function createCivilRegistryQueries(http: AgencyHttp, connection: AgencyConnection) {
  const call = dukcapilCaller(http, connection);
  return {
    async [FAMILY_CARD_ACTIVITY](query: FamilyCardQuery): Promise<FamilyCard | null> {
      const request = { applicationId: query.lookupId, stepId: 'family-card', correlationId: query.correlationId, input: {} };
      const [person] = (await call(request, 'lookupFamilyCard', 'CALL_NIK', { NIK: query.nik })) ?? [];
      if (!person?.NO_KK) return null;
      const rows = (await call(request, 'lookupFamilyCard', 'CALL_KK', { NO_KK: person.NO_KK })) ?? [];
      if (!rows.some((r) => r.NIK === query.nik)) throw contractError(`Disdukcapil's CALL_KK does not list the person whose CALL_NIK named that card`);
      return { kkNumber: person.NO_KK, members: rows.map(member) };
    },
  };
}

function member(row: Row): FamilyCard['members'][number] {
  return {
    nik: row.NIK,
    name: row.NAMA_LGKP,
    sex: row.JENIS_KLMIN === 'PEREMPUAN' ? 'F' : 'M',
    birthDate: iso(row.TGL_LHR),
    relation: RELATIONS[row.STAT_HBKEL] ?? 'OTHER',
  };
}
