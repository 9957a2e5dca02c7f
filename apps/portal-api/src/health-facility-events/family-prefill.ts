import { isAdultOn, type FamilyCard } from '@simpul/contracts';
import type { FacilityEvent } from './facility-bundle';

/** Whose family card a notification's draft is completed from: the mother of a newborn, the deceased. */
export function familyCardHolder(event: FacilityEvent): string {
  return String(event.type === 'BIRTH' ? event.data.motherNik : event.data.deceasedNik);
}

/**
 * Completes a facility's event from the family card of its holder ("once only"): the card's number, for a birth the
 * father when the mother is the wife of the family's head, and who else may confirm: the family's head for a birth,
 * every adult of the family for a death. What the facility recorded is never overwritten; a card that does not list
 * its holder adds nothing.
 */
export function withFamilyCard(event: FacilityEvent, card: FamilyCard): FacilityEvent {
  const holderNik = familyCardHolder(event);
  const holder = card.members.find((m) => m.nik === holderNik);
  if (!holder) return event;
  const head = card.members.find((m) => m.relation === 'HEAD' && m.nik !== holderNik);
  const data: Record<string, unknown> = { kkNumber: card.kkNumber, ...event.data };
  const confirmers = [...event.confirmerNiks];
  if (event.type === 'BIRTH' && head) {
    if (holder.relation === 'SPOUSE' && head.sex === 'M' && data.fatherNik === undefined) data.fatherNik = head.nik;
    confirmers.push(head.nik);
  }
  if (event.type === 'DEATH') {
    confirmers.push(...card.members.filter((m) => m.nik !== holderNik && isAdultOn(m, event.occurredAt)).map((m) => m.nik));
  }
  return { ...event, data, confirmerNiks: [...new Set(confirmers)] };
}
