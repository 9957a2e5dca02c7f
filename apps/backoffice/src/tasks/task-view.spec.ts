import { maskNiks, stepData, taskSummary } from './task-view';
import type { TaskRow } from './tasks.repository';

const data = { motherNik: '3273014506900001', kkNumber: '3273010101150001', child: { name: 'Putri', birthDate: '2026-11-01' } };
const outputs = { 'register-birth': { kkNumber: '3273010101150001', childNik: '3273014111260001', birthCertificateNumber: 'AKL-1' } };

describe('field-level masking of a task', () => {
  it('shows only the inputs the step declares, with NIK and KK numbers keeping their last four digits', () => {
    expect(stepData({ life_event: 'BIRTH', definition_version: 2, step_id: 'assess-family' }, data, outputs)).toEqual({
      kkNumber: '************0001',
      childNik: '************0001',
    });
  });

  it('shows nothing for a step the definition does not know', () => {
    expect(stepData({ life_event: 'BIRTH', definition_version: 2, step_id: 'no-such-step' }, data, outputs)).toEqual({});
  });

  it('masks 16-digit runs inside text and nested values, and leaves other values alone', () => {
    expect(maskNiks({ note: 'NIK 3273014506900001 checked', list: ['3273011203880002'], n: 3 })).toEqual({ note: 'NIK ************0001 checked', list: ['************0002'], n: 3 });
  });
});

describe('task summary', () => {
  const row: TaskRow = {
    application_id: '6f1d2c3e-0000-4000-8000-000000000001',
    step_id: 'assess-family',
    agency: 'social-aid',
    status: 'WAITING_FOR_OFFICER',
    life_event: 'BIRTH',
    definition_version: 2,
    updated_at: new Date('2026-11-22T10:00:00Z'),
    started_at: new Date('2026-11-22T09:00:00Z'),
    due_at: new Date('2026-11-22T11:00:00Z'),
    reference: null,
    claimed_by: null,
    claim_expires_at: null,
  };

  it('is overdue from its due time on', () => {
    expect(taskSummary(row, new Date('2026-11-22T10:59:59Z'))).toMatchObject({ id: `${row.application_id}:assess-family`, dueAt: '2026-11-22T11:00:00.000Z', overdue: false, claim: null });
    expect(taskSummary(row, new Date('2026-11-22T11:00:00Z')).overdue).toBe(true);
  });
});
