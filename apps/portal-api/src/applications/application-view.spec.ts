import { BIRTH_V3, type ApplicationStatus, type StepStatus } from '@simpul/contracts';
import type { ApplicationEntity, ApplicationStepEntity } from '@simpul/persistence';
import { buildApplicationView } from './application-view';
import { expectedCompletion, planSteps, type StepProgress } from './status-plan';

const HOUR = 3_600_000;
const created = new Date('2026-01-05T00:00:00Z');
const at = (hours: number) => new Date(created.getTime() + hours * HOUR);

function application(status: ApplicationStatus, reason: ApplicationEntity['statusReason'] = null): ApplicationEntity {
  return {
    id: '6f1c1d1e-1111-4a4a-8888-222233334444',
    lifeEvent: 'BIRTH',
    definitionVersion: 3,
    status,
    channel: 'SELF',
    createdAt: created,
    updatedAt: created,
    statusReason: reason,
    statusSeq: 1,
  } as ApplicationEntity;
}

function step(stepId: string, agency: string, status: StepStatus, startedAt: Date | null, completedAt: Date | null = null, outputs: Record<string, string> = {}): ApplicationStepEntity {
  return { stepId, agency, status, startedAt, completedAt, outputs, messageId: `${stepId} id`, messageEn: `${stepId} en`, reference: null, definitionVersion: 3, ruleVersion: null, escalatedAt: null } as ApplicationStepEntity;
}

describe('expected dates from the step graph and SLAs', () => {
  it('chains the SLAs of steps not started from the application creation: late check 72h, registration 24h, then the longest branch', () => {
    const plans = planSteps(BIRTH_V3, new Map(), created, created, HOUR);
    expect(plans.get('verify-late-report')?.expectedBy).toEqual(at(72));
    expect(plans.get('register-birth')?.expectedBy).toEqual(at(96));
    expect(plans.get('enrol-newborn')?.expectedBy).toEqual(at(168));
    expect(plans.get('assess-family')?.expectedBy).toEqual(at(216));
    expect(expectedCompletion(plans)).toEqual(at(216));
  });

  it('counts a started step from its start, and successors from the ends of finished steps', () => {
    const progress = new Map<string, StepProgress>([
      ['verify-late-report', { status: 'SKIPPED', startedAt: at(0), completedAt: at(0) }],
      ['register-birth', { status: 'COMPLETED', startedAt: at(0), completedAt: at(2) }],
      ['enrol-newborn', { status: 'COMPLETED', startedAt: at(2), completedAt: at(3) }],
      ['assess-family', { status: 'WAITING_FOR_OFFICER', startedAt: at(2), completedAt: null }],
    ]);
    const plans = planSteps(BIRTH_V3, progress, created, at(10), HOUR);
    expect(plans.get('register-birth')).toEqual({ expectedBy: null, overdue: false });
    expect(plans.get('assess-family')).toEqual({ expectedBy: at(122), overdue: false });
    expect(expectedCompletion(plans)).toEqual(at(122));
  });

  it('marks an open step past its SLA overdue, and moves what follows it to no earlier than now', () => {
    const progress = new Map<string, StepProgress>([['verify-late-report', { status: 'WAITING_FOR_OFFICER', startedAt: at(0), completedAt: null }]]);
    const plans = planSteps(BIRTH_V3, progress, created, at(100), HOUR);
    expect(plans.get('verify-late-report')).toEqual({ expectedBy: at(72), overdue: true });
    expect(plans.get('register-birth')?.expectedBy).toEqual(at(124));
  });

  it('compresses time with the SLA hour of the running system', () => {
    const plans = planSteps(BIRTH_V3, new Map(), created, created, 50);
    expect(expectedCompletion(plans)).toEqual(new Date(created.getTime() + 216 * 50));
  });
});

describe('the citizen view', () => {
  it('says who each open step waits for, what happens now and that nothing is asked of the citizen', () => {
    const view = buildApplicationView({
      application: application('IN_PROGRESS'),
      assistedBy: null,
      steps: [
        step('verify-late-report', 'civil-registry', 'SKIPPED', at(0), at(0)),
        step('register-birth', 'civil-registry', 'COMPLETED', at(0), at(1), { birthCertificateNumber: '3174-LU-01012026-0001', childNik: '3174020101260001', verifiedBy: 'x' }),
        step('enrol-newborn', 'bpjs-health', 'RUNNING', at(1)),
        step('assess-family', 'social-aid', 'WAITING_FOR_OFFICER', at(1)),
      ],
      incidents: [],
      now: at(2),
      hourMs: HOUR,
    });
    expect(view.steps.map((s) => [s.stepId, s.waitingFor])).toEqual([
      ['verify-late-report', null],
      ['register-birth', null],
      ['enrol-newborn', 'agency'],
      ['assess-family', 'officer'],
    ]);
    expect(view.steps.find((s) => s.stepId === 'enrol-newborn')?.expectedBy).toBe(at(73).toISOString());
    expect(view.expectedCompletionBy).toBe(at(121).toISOString());
    expect(view.summary.en).toBe(
      'Your birth application is being processed. Now: Newborn health insurance enrolment (being processed by BPJS Kesehatan); Welfare register update and PKH assessment (waiting for a Kemensos officer to decide).',
    );
    expect(view.summary.id).toContain('menunggu keputusan petugas Kemensos');
    expect(view.nextAction).toMatchObject({ required: false, code: 'NONE' });
    expect(view.references.map((r) => [r.key, r.value])).toEqual([
      ['birthCertificateNumber', '3174-LU-01012026-0001'],
      ['childNik', '3174020101260001'],
    ]);
    expect(view.references[0].label).toEqual({ id: 'Nomor akta kelahiran', en: 'Birth certificate number' });
  });

  it('asks the citizen to answer when a step waits for them', () => {
    const view = buildApplicationView({
      application: application('ACTION_REQUIRED'),
      assistedBy: null,
      steps: [step('register-birth', 'civil-registry', 'WAITING_FOR_CITIZEN', at(0))],
      incidents: [],
      now: at(1),
      hourMs: HOUR,
    });
    expect(view.steps.find((s) => s.stepId === 'register-birth')?.waitingFor).toBe('citizen');
    expect(view.nextAction).toMatchObject({ required: true, code: 'PROVIDE_INFORMATION', stepId: 'register-birth', agency: 'civil-registry' });
    expect(view.nextAction.id).toContain('Disdukcapil memerlukan informasi tambahan dari Anda');
    expect(view.nextAction.en).toContain('Disdukcapil needs more information from you');
  });

  it('lists every step of the definition before the workflow started, and expects completion from the creation', () => {
    const view = buildApplicationView({ application: application('SUBMITTED'), assistedBy: null, steps: [], incidents: [], now: created, hourMs: HOUR });
    expect(view.steps.map((s) => s.status)).toEqual(['PENDING', 'PENDING', 'PENDING', 'PENDING']);
    expect(view.steps[0].message.en).toBe('Verification of a late birth report: about to start.');
    expect(view.expectedCompletionBy).toBe(at(216).toISOString());
  });

  it('gives the rejection reason, no expected date, and marks references of undone steps invalid', () => {
    const view = buildApplicationView({
      application: { ...application('REJECTED', { code: 'X', id: 'alasan', en: 'the reason' }), lifeEvent: 'RELOCATION', definitionVersion: 1 } as ApplicationEntity,
      assistedBy: { officerId: 'mpp-1', office: 'MPP Jakarta Selatan' },
      steps: [step('issue-move-letter', 'civil-registry', 'COMPENSATED', at(0), at(1), { moveLetterNumber: 'SKPWNI-1' })],
      incidents: [],
      now: at(2),
      hourMs: HOUR,
    });
    expect(view.summary).toEqual({ id: 'Permohonan Pindah domisili Anda ditolak. Alasan: alasan', en: 'Your move application was rejected. Reason: the reason' });
    expect(view.expectedCompletionBy).toBeNull();
    expect(view.steps.every((s) => s.waitingFor === null && s.expectedBy === null)).toBe(true);
    expect(view.nextAction).toMatchObject({ required: false, code: 'MAY_REAPPLY' });
    expect(view.references).toEqual([expect.objectContaining({ key: 'moveLetterNumber', valid: false })]);
    expect(view.assistedBy).toEqual({ officerId: 'mpp-1', office: 'MPP Jakarta Selatan' });
  });
});
