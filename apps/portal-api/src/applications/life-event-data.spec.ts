import { SCENARIOS, scenarioApplication } from '@simpul/testing';
import { ProblemException } from '@simpul/http';
import { validateLifeEventData } from './life-event-data';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProblemException) return ((err.getResponse() as { errors: Array<{ field: string }> }).errors ?? []).map((e) => e.field).sort();
    throw err;
  }
  return [];
}

describe('life-event data validation (JSON Schema from the catalog)', () => {
  it.each(SCENARIOS)('accepts the %s demo payload', (scenario) => {
    const body = scenarioApplication(scenario);
    expect(validateLifeEventData(body.lifeEvent, body.data)).toEqual(body.data);
  });

  it('names every invalid, missing or unknown field with the reason', () => {
    const body = scenarioApplication('birth-auto');
    const bad = { ...body.data, motherNik: '3273011203880002', kkNumber: '12', surprise: true, child: { name: 'X', sex: 'Q', birthDate: '2999-01-01' } };
    expect(fieldsOf(() => validateLifeEventData('BIRTH', bad))).toEqual([
      'data.child.birthDate',
      'data.child.birthPlace',
      'data.child.sex',
      'data.kkNumber',
      'data.motherNik',
      'data.surprise',
    ]);
    try {
      validateLifeEventData('BIRTH', bad);
    } catch (err) {
      const text = JSON.stringify((err as ProblemException).getResponse());
      expect(text).toContain("motherNik must be a woman's NIK (birth day + 40)");
      expect(text).toContain('kkNumber must be exactly 16 digits');
      expect(text).toContain('birthDate must not be in the future');
      expect(text).toContain('surprise is not allowed');
    }
  });

  it('checks region codes and NPSN formats of other life events', () => {
    const move = scenarioApplication('relocation');
    expect(fieldsOf(() => validateLifeEventData('RELOCATION', { ...move.data, destinationRegionCode: '00123', moveDate: '2026-02-30' }))).toEqual([
      'data.destinationRegionCode',
      'data.moveDate',
    ]);
    const kip = scenarioApplication('scholarship');
    expect(fieldsOf(() => validateLifeEventData('SCHOLARSHIP', { ...kip.data, schoolNpsn: 'ABC' }))).toEqual(['data.schoolNpsn']);
  });
});

describe('region codes against the Ministry of Home Affairs area reference (idn-area-data)', () => {
  it('refuses a family card whose regency is not in the reference, naming the field', () => {
    const body = scenarioApplication('birth-auto');
    expect(fieldsOf(() => validateLifeEventData('BIRTH', { ...body.data, kkNumber: '3199021503180002' }))).toEqual(['data.kkNumber']);
    expect(fieldsOf(() => validateLifeEventData('BIRTH', { ...body.data, kkNumber: '7774021503180002' }))).toEqual(['data.kkNumber']);
  });

  it('refuses a destination district in an unknown regency', () => {
    const move = scenarioApplication('relocation');
    expect(fieldsOf(() => validateLifeEventData('RELOCATION', { ...move.data, destinationRegionCode: '329901' }))).toEqual(['data.destinationRegionCode']);
  });
});
