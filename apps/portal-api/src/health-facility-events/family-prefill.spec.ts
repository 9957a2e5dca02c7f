import type { FamilyCard } from '@simpul/contracts';
import type { FacilityEvent } from './facility-bundle';
import { familyCardHolder, withFamilyCard } from './family-prefill';

const MOTHER = '3174025208920003';
const FATHER = '3174020511900004';
const SON = '3174021003150005';
const card: FamilyCard = {
  kkNumber: '3174021503180002',
  members: [
    { nik: FATHER, name: 'Budi', sex: 'M', birthDate: '1990-11-05', relation: 'HEAD' },
    { nik: MOTHER, name: 'Maya', sex: 'F', birthDate: '1992-08-12', relation: 'SPOUSE' },
    { nik: SON, name: 'Kevin', sex: 'M', birthDate: '2015-03-10', relation: 'CHILD' },
  ],
};
const birth: FacilityEvent = { type: 'BIRTH', bundleKey: 's|1', data: { motherNik: MOTHER, child: { sex: 'F' } }, confirmerNiks: [MOTHER], occurredAt: '2026-12-01T08:00:00Z' };
const death: FacilityEvent = { type: 'DEATH', bundleKey: 's|2', data: { deceasedNik: FATHER }, confirmerNiks: [MOTHER], occurredAt: '2026-12-01T08:00:00Z' };

describe('a draft completed from the family card', () => {
  it('reads the card of the mother of a newborn and of the deceased', () => {
    expect([familyCardHolder(birth), familyCardHolder(death)]).toEqual([MOTHER, FATHER]);
  });

  it('fills a birth with the card number and the father, and lets the head of the family confirm', () => {
    const done = withFamilyCard(birth, card);
    expect(done.data).toEqual({ motherNik: MOTHER, kkNumber: card.kkNumber, fatherNik: FATHER, child: { sex: 'F' } });
    expect(done.confirmerNiks).toEqual([MOTHER, FATHER]);
  });

  it('never overwrites what the facility recorded', () => {
    const done = withFamilyCard({ ...birth, data: { ...birth.data, kkNumber: '3174021503180099', fatherNik: SON } }, card);
    expect(done.data).toMatchObject({ kkNumber: '3174021503180099', fatherNik: SON });
  });

  it('names no father when the mother heads the family, and lets only adults other than the deceased confirm a death', () => {
    const single: FamilyCard = { kkNumber: card.kkNumber, members: [{ ...card.members[1], relation: 'HEAD' }, card.members[2]] };
    expect(withFamilyCard(birth, single)).toMatchObject({ data: { kkNumber: card.kkNumber }, confirmerNiks: [MOTHER] });
    expect(withFamilyCard(birth, single).data.fatherNik).toBeUndefined();
    const done = withFamilyCard(death, card);
    expect(done.data).toEqual({ deceasedNik: FATHER, kkNumber: card.kkNumber });
    expect(done.confirmerNiks).toEqual([MOTHER]); // the 11-year-old son may not
  });

  it('adds nothing from a card that does not list its holder', () => {
    expect(withFamilyCard(birth, { ...card, members: [card.members[0]] })).toBe(birth);
  });
});
