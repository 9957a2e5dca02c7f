import { SAFE_TEXT_PATTERN, unsafeTextProblem } from './text';

describe('the one text rule', () => {
  const safe = new RegExp(SAFE_TEXT_PATTERN, 'u');

  it.each(['\u0000', '\u0007', '\u001F', '\u007F', '\u0085', '\u009F', '\u202A', '\u202E', '\u2066', '\u2069'])('refuses %j, and the pattern agrees', (s) => {
    expect(unsafeTextProblem(`x${s}y`)).toMatch(/^must not contain/);
    expect(safe.test(`x${s}y`)).toBe(false);
  });

  it.each(['\uD800', 'a\uDFFFb', '\uDC00\uD800'])('refuses the lone surrogate in %j (which no portable pattern can name)', (s) => {
    expect(unsafeTextProblem(s)).toMatch(/lone surrogate/);
  });

  it.each(['Bandung', 'Jl. Pahlawan No. 10, RT 02/RW 05', 'line\nbreak\r\n', 'tab\there', 'Ṡúrabaya 😀', 'مرحبا', ''])('accepts %j, and the pattern agrees', (s) => {
    expect(unsafeTextProblem(s)).toBeNull();
    expect(safe.test(s)).toBe(true);
  });

  it('names the character and its position', () => {
    expect(unsafeTextProblem('Jak\u0000arta')).toBe('must not contain a control character (U+0000 at position 3)');
  });
});
