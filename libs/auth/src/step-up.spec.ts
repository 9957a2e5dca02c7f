import type { Request } from 'express';
import { stepUpNeeded, StepUpRequiredException } from './step-up';
import type { Principal } from './principal';

const settings = { high: 'urn:high', stepUpActions: ['file-death', 'unmask-personal-data'] };
const request = { body: { lifeEvent: 'DEATH' } } as Request;
const person = (acr?: string): Principal => ({ subject: '3174025208920003', role: 'citizen', acr });

describe('stepUpNeeded', () => {
  it('asks a person below the high level, naming the action and the level', () => {
    const verdict = stepUpNeeded({ action: 'file-death' }, person('urn:basic'), request, settings);
    expect(verdict).toBeInstanceOf(StepUpRequiredException);
    expect(verdict?.getResponse()).toMatchObject({ status: 401, action: 'file-death', acr_values: 'urn:high' });
    expect(stepUpNeeded({ action: 'file-death' }, person(undefined), request, settings)).toBeDefined();
  });

  it('lets the high level, machine clients, unlisted actions and requests outside the rule through', () => {
    expect(stepUpNeeded({ action: 'file-death' }, person('urn:high'), request, settings)).toBeUndefined();
    expect(stepUpNeeded({ action: 'file-death' }, { subject: 'simpul-portal', role: 'portal' }, request, settings)).toBeUndefined();
    expect(stepUpNeeded({ action: 'revoke-consent' }, person('urn:basic'), request, settings)).toBeUndefined();
    expect(stepUpNeeded({ action: 'file-death', when: (r) => (r.body as { lifeEvent: string }).lifeEvent === 'BIRTH' }, person('urn:basic'), request, settings)).toBeUndefined();
    expect(stepUpNeeded({ action: 'file-death' }, person('urn:basic'), request, { ...settings, stepUpActions: [] })).toBeUndefined();
  });
});
