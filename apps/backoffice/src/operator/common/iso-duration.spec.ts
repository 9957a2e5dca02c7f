import { ISO_DURATION_PATTERN, parseIsoDuration } from './iso-duration';

describe('parseIsoDuration', () => {
  it.each([
    ['PT30M', 1800],
    ['P2D', 172_800],
    ['P1DT12H', 129_600],
    ['P1W', 604_800],
    ['PT0.5S', 0.5],
    ['PT1H30M15S', 5415],
    ['P99999999D', 10 * 365 * 86_400],
  ])('reads %s as %d seconds, and the pattern agrees', (text, seconds) => {
    expect(parseIsoDuration(text)).toBe(seconds);
    expect(new RegExp(ISO_DURATION_PATTERN).test(text)).toBe(true);
  });

  it.each(['', 'P', 'PT', '30m', 'P1M', 'P1Y', 'P1DT', '-PT1H', 'PT1H '])('refuses %j, and the pattern agrees', (text) => {
    expect(parseIsoDuration(text)).toBeNull();
    expect(new RegExp(ISO_DURATION_PATTERN).test(text)).toBe(false);
  });
});
