import { signCallback, verifyCallback } from './callback-signature';

describe('signed agency callbacks', () => {
  const secret = 'dev-callback-secret-social-aid';
  const body = Buffer.from('{"idempotencyKey":"a:b:c","status":200,"body":{}}');
  const now = 1_790_000_000;
  const nonce = 'n0nce-abcdefghijkl';
  const signed = { timestamp: String(now), nonce, signature: signCallback(secret, now, nonce, body) };

  it('accepts a fresh, correctly signed callback', () => {
    expect(verifyCallback(secret, signed, body, now + 10)).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret, an old timestamp and malformed headers', () => {
    expect(verifyCallback(secret, signed, Buffer.from(body.toString().replace('200', '201')), now)).toEqual({ ok: false, reason: 'signature does not match' });
    expect(verifyCallback('another-secret-0123456789', signed, body, now)).toEqual({ ok: false, reason: 'signature does not match' });
    expect(verifyCallback(secret, signed, body, now + 301)).toEqual({ ok: false, reason: 'X-Timestamp is too far from now' });
    expect(verifyCallback(secret, { ...signed, nonce: 'short' }, body, now).ok).toBe(false);
    expect(verifyCallback(secret, { ...signed, signature: 'zz' }, body, now).ok).toBe(false);
  });
});
