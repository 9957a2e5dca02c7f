import { BIRTH_V1, BIRTH_V2, DEATH_V1, RELOCATION_V1, SCHOLARSHIP_V1, assertCatalogSound, catalogFaults, currentDefinition, definitionFaults, definitionFor, isLateReport, requiredFields, selectStepInput, type LifeEventDefinition } from './index';

describe('life-event definitions', () => {
  it('finds no fault in the birth definition', () => {
    expect(definitionFaults(BIRTH_V1)).toEqual([]);
  });

  it('names an unknown dependency', () => {
    const broken: LifeEventDefinition = { ...BIRTH_V1, steps: [{ ...BIRTH_V1.steps[1], dependsOn: ['nope'] }] };
    expect(definitionFaults(broken)).toContainEqual(expect.stringContaining('depends on unknown step "nope"'));
  });

  it('names a field a form could not label, and a label of no field', () => {
    const { 'child.name': _name, ...fields } = BIRTH_V2.fields;
    expect(definitionFaults({ ...BIRTH_V2, fields: { ...fields, 'child.nickname': { label: { id: 'Panggilan', en: 'Nickname' } } } })).toEqual([
      'BIRTH v2: field "child.name" has no label (fields)',
      'BIRTH v2: fields names "child.nickname", which the data schema does not have',
    ]);
  });

  it('names a cycle', () => {
    const [a, b] = BIRTH_V1.steps;
    const cyclic: LifeEventDefinition = { ...BIRTH_V1, steps: [{ ...a, dependsOn: [b.id], inputs: [] }, { ...b, inputs: [] }] };
    expect(definitionFaults(cyclic)).toEqual(['BIRTH v1: the step graph has a cycle']);
  });

  it('names an input read from a step that does not come before', () => {
    const [a, b, c] = BIRTH_V1.steps;
    const bad: LifeEventDefinition = { ...BIRTH_V1, steps: [a, b, { ...c, inputs: ['steps.enrol-newborn.bpjsCardNumber'] }] };
    expect(definitionFaults(bad)).toContainEqual(expect.stringContaining('reads "steps.enrol-newborn.bpjsCardNumber" from a step it does not follow'));
  });
});

describe('selectStepInput', () => {
  const application = {
    motherNik: '3273014506900001',
    kkNumber: '3273010101150001',
    child: { name: 'Putri', sex: 'F', birthDate: '2026-11-01', birthPlace: 'Bandung' },
  };

  it('gives each agency only its declared inputs', () => {
    const outputs = { 'register-birth': { childNik: '3273014111260001', kkNumber: '3273010101150001', birthCertificateNumber: 'X' } };
    expect(selectStepInput(BIRTH_V1.steps[2], application, outputs)).toEqual({ kkNumber: '3273010101150001', childNik: '3273014111260001' });
    expect(selectStepInput(BIRTH_V1.steps[1], application, outputs)).toEqual({
      motherNik: '3273014506900001',
      childNik: '3273014111260001',
      kkNumber: '3273010101150001',
    });
  });

  it('leaves out optional values that are absent', () => {
    const input = selectStepInput(BIRTH_V1.steps[0], application, {});
    expect(input).not.toHaveProperty('fatherNik');
    expect(input).toMatchObject({ name: 'Putri', birthPlace: 'Bandung' });
  });
});

describe('the catalog', () => {
  it('is sound: every definition of every life event passes the checks services start with', () => {
    expect(catalogFaults()).toEqual([]);
    expect(() => assertCatalogSound()).not.toThrow();
  });

  it('refuses to start with a broken definition, naming the fault', () => {
    const broken: LifeEventDefinition = { ...BIRTH_V2, steps: [{ ...BIRTH_V2.steps[1], action: undefined, officerDecision: undefined }] };
    expect(() => assertCatalogSound([broken])).toThrow('step "register-birth" has neither an action nor an officer decision');
    const foreign: LifeEventDefinition = { ...RELOCATION_V1, steps: [{ ...RELOCATION_V1.steps[0], compensation: { action: 'bpjs-health.restoreClinic' } }] };
    expect(definitionFaults(foreign)).toContainEqual(expect.stringContaining("compensated by another agency's action"));
  });

  it('gives new applications the newest version and keeps the old ones', () => {
    expect(currentDefinition('BIRTH').version).toBe(3);
    expect(definitionFor('BIRTH', 1)?.steps.map((s) => s.id)).toEqual(['register-birth', 'enrol-newborn', 'assess-family']);
  });

  it('lists the required fields as dotted paths', () => {
    expect(requiredFields(SCHOLARSHIP_V1)).toEqual(['pupilNik', 'kkNumber', 'schoolNpsn']);
  });
});

describe('isLateReport', () => {
  const reported = new Date('2026-06-30T10:00:00Z');
  it('counts whole days from the event to the report against the statutory deadline', () => {
    expect(isLateReport(BIRTH_V2, { child: { birthDate: '2026-05-01' } }, reported)).toBe(false);
    expect(isLateReport(BIRTH_V2, { child: { birthDate: '2026-04-30' } }, reported)).toBe(true);
    expect(isLateReport(DEATH_V1, { dateOfDeath: '2026-05-31' }, reported)).toBe(false);
    expect(isLateReport(DEATH_V1, { dateOfDeath: '2026-05-30' }, reported)).toBe(true);
  });
  it('never counts a life event without a deadline as late', () => {
    expect(isLateReport(SCHOLARSHIP_V1, {}, reported)).toBe(false);
  });
});
