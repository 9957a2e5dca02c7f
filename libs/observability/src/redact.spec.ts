import { JsonLogger } from './logger';
import { redact, redactString } from './redact';

describe('redaction of personal data in logs', () => {
  it('masks NIK-like and card-like digit runs inside text', () => {
    expect(redactString('mother 3273014506900001 card 0001234567891')).toBe('mother ************0001 card *********7891');
  });

  it('replaces personal fields at any depth and keeps ids', () => {
    expect(redact({ applicationId: 'a-1', data: { motherNik: 'x' }, nested: { childName: 'Putri', status: 'OK' } })).toEqual({
      applicationId: 'a-1',
      data: '[redacted]',
      nested: { childName: '[redacted]', status: 'OK' },
    });
  });

  it('keeps technical fields whose names merely contain a personal word', () => {
    expect(redact({ namespace: 'kafka', agencyName: 'BPJS', birthDate: '2020-01-01', motherNik: 'x', childName: 'y' })).toEqual({
      namespace: 'kafka',
      agencyName: '[redacted]',
      birthDate: '[redacted]',
      motherNik: '[redacted]',
      childName: '[redacted]',
    });
  });

  it('writes one JSON line per entry without the NIK', () => {
    const lines: string[] = [];
    const log = new JsonLogger('test', 'info', (l) => lines.push(l));
    log.child('ctx').info('submitted for 3273014506900001', { applicationId: 'a-1', motherNik: '3273014506900001' });
    log.child('ctx').debug('hidden below info');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'info', service: 'test', context: 'ctx', applicationId: 'a-1', motherNik: '[redacted]' });
    expect(lines[0]).not.toContain('3273014506900001');
  });
});
