import { BIRTH_V1, definitionFaults, selectStepInput, type LifeEventDefinition } from './life-events';

describe('life-event definitions', () => {
  it('finds no fault in the birth definition', () => {
    expect(definitionFaults(BIRTH_V1)).toEqual([]);
  });

  it('names an unknown dependency', () => {
    const broken: LifeEventDefinition = { ...BIRTH_V1, steps: [{ ...BIRTH_V1.steps[1], dependsOn: ['nope'] }] };
    expect(definitionFaults(broken)).toContainEqual(expect.stringContaining('depends on unknown step "nope"'));
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
