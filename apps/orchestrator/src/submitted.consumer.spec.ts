import { randomBytes } from 'node:crypto';
import { sealField, type KeyRing } from '@simpul/crypto';
import { isPoison, newEnvelope, type InboundMessage } from '@simpul/messaging';
import { toWorkflowInput } from './submitted.consumer';

const ring = (kid: string): KeyRing => ({ currentKid: kid, keys: new Map([[kid, randomBytes(32)]]) });
const applicationId = '0b7c4c1e-6f55-4c1b-9a51-2f1d8c1f0a11';

function submitted(data: unknown): InboundMessage {
  const envelope = newEnvelope('ApplicationSubmitted', applicationId, 'corr-1', { lifeEvent: 'BIRTH', definitionVersion: 3, data });
  return { topic: 'applications.submitted.v1', partition: 0, offset: '7', key: applicationId, value: Buffer.from(JSON.stringify(envelope)), headers: {} };
}

function poisonReason(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (isPoison(err)) return err.message;
    throw err;
  }
  throw new Error('not refused');
}

describe('toWorkflowInput: sealed data', () => {
  const data = { childName: 'Ayu' };

  it('opens data sealed with a key the orchestrator holds', () => {
    const keys = ring('k1');
    expect(toWorkflowInput(submitted(sealField(keys, data)), 3600, keys).data).toEqual(data);
  });

  it('calls data sealed with a key it does not hold poison, naming the key (dead letter, not a stuck partition)', () => {
    const reason = poisonReason(() => toWorkflowInput(submitted(sealField(ring('old-key'), data)), 3600, ring('k1')));
    expect(reason).toContain('"old-key"');
  });

  it('calls altered sealed data poison', () => {
    const keys = ring('k1');
    const sealed = sealField(keys, data);
    const altered = { $sealed: `${sealed.$sealed.slice(0, -4)}AAAA` };
    expect(poisonReason(() => toWorkflowInput(submitted(altered), 3600, keys))).toMatch(/^payload\.data does not open/);
  });
});
