import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';
import { SecretBox } from './secret-box';
import { MAX_ATTEMPTS, backoffMs } from './webhook-delivery.worker';

describe('webhook signatures', () => {
  const secret = 'portal-secret-0123456789abcdef';
  const body = '{"eventId":"application-x:1","seq":1}';
  const now = 1_790_000_000;

  it('is HMAC-SHA256 over "<timestamp>.<body>" in lowercase hex', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(signWebhook(secret, String(now), body)).toBe(expected);
  });

  it('verifies a fresh signature and refuses a changed body, another secret or an old timestamp', () => {
    const signature = signWebhook(secret, String(now), body);
    expect(verifyWebhook(secret, String(now), body, signature, now + 5)).toBe(true);
    expect(verifyWebhook(secret, String(now), body.replace('1}', '2}'), signature, now)).toBe(false);
    expect(verifyWebhook('another-secret-0123456789', String(now), body, signature, now)).toBe(false);
    expect(verifyWebhook(secret, String(now), body, signature, now + 301)).toBe(false);
    expect(verifyWebhook(secret, 'soon', body, signature, now)).toBe(false);
  });
});

describe('webhook secrets at rest', () => {
  it('seals so that only the same server secret opens, and never stores the plain text', () => {
    const box = new SecretBox('server-pepper-1');
    const sealed = box.seal('portal-secret-0123456789abcdef');
    expect(sealed).not.toContain('portal-secret');
    expect(box.open(sealed)).toBe('portal-secret-0123456789abcdef');
    expect(box.seal('same')).not.toBe(box.seal('same'));
    expect(() => new SecretBox('server-pepper-2').open(sealed)).toThrow();
  });
});

describe('webhook retry schedule', () => {
  it('doubles from one second, at most an hour, and gives up after about four hours', () => {
    expect([1, 2, 3, 4, 5].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(backoffMs(13)).toBe(3_600_000);
    const total = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => backoffMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeGreaterThan(3);
    expect(total / 3_600_000).toBeLessThan(6);
  });
});
