/**
 * The one rule for every string Simpul accepts (request bodies, life-event data, query and path parameters, stored
 * headers): no control characters but tab, line feed and carriage return (NUL cannot be stored in PostgreSQL text or
 * jsonb; the others are never part of a name, a place or a message), no lone surrogates (UTF-8 cannot carry them, so
 * they would be stored changed), and no bidirectional embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069:
 * they make a text display differently from what it is). portal-api and backoffice enforce it at the edge
 * (libs/http's validation pipe); the life-event schemas and the OpenAPI documents declare it as this pattern.
 */

/** The characters refused, as a regular-expression class body (valid in JavaScript, Python and Rust regexes). */
const REFUSED_CLASS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069';

/**
 * JSON Schema `pattern`: a string of allowed characters. Lone surrogates are refused too, but a pattern cannot name
 * them portably (Rust and Python validators have no such characters), so the documents say it in words.
 */
export const SAFE_TEXT_PATTERN = `^[^${REFUSED_CLASS}]*$`;

/** The same, with at least one character that is not white space (a message must say something). */
export const SAFE_NOT_BLANK_PATTERN = `^[^${REFUSED_CLASS}]*[^\\s${REFUSED_CLASS}][^${REFUSED_CLASS}]*$`;

// With the u flag a well-formed surrogate pair is one code point outside the class; only a lone half matches it.
const REFUSED = new RegExp(`[${REFUSED_CLASS}\\uD800-\\uDFFF]`, 'u');

/** Why `value` breaks the rule (naming the first refused character), or null when it is safe. */
export function unsafeTextProblem(value: string): string | null {
  const match = REFUSED.exec(value);
  if (!match) return null;
  const code = match[0].codePointAt(0) ?? 0;
  const kind = code >= 0xd800 && code <= 0xdfff ? 'a lone surrogate' : code >= 0x202a ? 'a bidirectional control character' : 'a control character';
  return `must not contain ${kind} (U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${match.index})`;
}
