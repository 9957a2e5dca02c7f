import { decodeEnvelope, MAX_MESSAGE_BYTES, newEnvelope, PoisonMessageError } from './envelope';

const ok = (over: Record<string, unknown> = {}) => Buffer.from(JSON.stringify({ ...newEnvelope('ApplicationSubmitted', 'app-1', 'corr-1', { a: 1 }), ...over }));

describe('decodeEnvelope', () => {
  it('returns a well-formed envelope of an accepted type', () => {
    expect(decodeEnvelope(ok(), ['ApplicationSubmitted'])).toMatchObject({ type: 'ApplicationSubmitted', applicationId: 'app-1', version: 1 });
  });

  it.each([
    ['malformed JSON', Buffer.from('{not json'), 'not valid JSON'],
    ['an empty value', Buffer.alloc(0), 'empty message value'],
    ['a JSON array', Buffer.from('[]'), 'not a JSON object'],
    ['an unknown version', ok({ version: 2 }), 'unsupported version 2'],
    ['an unexpected type', ok({ type: 'Other' }), 'unexpected event type Other'],
    ['a missing application id', ok({ applicationId: '' }), 'applicationId is missing'],
    ['an oversized message', Buffer.alloc(MAX_MESSAGE_BYTES + 1, 32), 'exceeds'],
  ])('treats %s as poison', (_label, raw, reason) => {
    expect(() => decodeEnvelope(raw, ['ApplicationSubmitted'])).toThrow(PoisonMessageError);
    expect(() => decodeEnvelope(raw, ['ApplicationSubmitted'])).toThrow(reason);
  });
});
