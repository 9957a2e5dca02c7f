import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst, then the refill rate, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(10, () => now);
    const limit = { perSecond: 2, burst: 3 };
    expect([1, 2, 3, 4].map(() => limiter.take('a', limit).ok)).toEqual([true, true, true, false]);
    expect(limiter.take('a', limit)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('b', limit).ok).toBe(true);
    now = 500;
    expect([1, 2].map(() => limiter.take('a', limit).ok)).toEqual([true, false]);
  });

  it('forgets the least recently used keys beyond its size', () => {
    const limiter = new RateLimiter(2, () => 0);
    const limit = { perSecond: 1, burst: 1 };
    limiter.take('a', limit);
    limiter.take('b', limit);
    limiter.take('c', limit); // drops a
    expect(limiter.take('a', limit).ok).toBe(true);
    expect(limiter.take('c', limit).ok).toBe(false);
  });
});
