/**
 * The civil registry's family card (Kartu Keluarga), as Simpul reads it to pre-fill what the state already knows
 * ("once only"): a draft from a health facility, or a citizen's own family on the portal. Read through the
 * civil-registry adapter (the agency's own protocol stays there), by a short workflow on the orchestration queue
 * whose one activity runs on `agency.civil-registry`; its payloads are encrypted in Temporal like every other.
 */

/** A member's place in the family, as the card records it (Dukcapil's "status hubungan dalam keluarga"). */
export type FamilyRelation = 'HEAD' | 'SPOUSE' | 'CHILD' | 'OTHER';

export interface FamilyMember {
  nik: string;
  name: string;
  sex: 'F' | 'M';
  /** ISO date. */
  birthDate: string;
  relation: FamilyRelation;
}

export interface FamilyCard {
  kkNumber: string;
  members: FamilyMember[];
}

/** Whose family card to read. `lookupId` names the look-up (no personal data) in Temporal and in the agency's evidence. */
export interface FamilyCardQuery {
  lookupId: string;
  correlationId: string;
  nik: string;
}

export const FAMILY_CARD_WORKFLOW = 'familyCardWorkflow';
/** The civil-registry activity the workflow calls: the family card of the person with the query's NIK, or null. */
export const FAMILY_CARD_ACTIVITY = 'civil-registry.lookupFamilyCard';
export const familyCardWorkflowId = (lookupId: string): string => `family-card-${lookupId}`;

/** Who is an adult on the card on a given day (17 years, the age at which an Indonesian gets an e-KTP). */
export function isAdultOn(member: FamilyMember, isoDay: string): boolean {
  const [y, m, d] = member.birthDate.split('-').map(Number);
  const [ty, tm, td] = isoDay.slice(0, 10).split('-').map(Number);
  const age = ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
  return age >= 17;
}
