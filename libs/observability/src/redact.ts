/**
 * Keeps personal data out of logs: any field whose name suggests personal data is replaced, at any depth,
 * and any 16-digit run (a NIK or KK) or 13-digit run (a BPJS card) inside a string is masked.
 */
const PERSONAL_KEYS =
  /^(nik|\w*Nik|kk|kkNumber|name|\w*Name|fullName|birth\w*|mother\w*|father\w*|child\w*|address|phone|email|\w*CardNumber|cardNumber|membership\w*|data|payload|input|outputs|body)$/;
const IDENTIFIER_RUN = /\b\d{13}(\d{3})?\b/g;

export function redactString(value: string): string {
  return value.replace(IDENTIFIER_RUN, (m) => `${'*'.repeat(m.length - 4)}${m.slice(-4)}`);
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = PERSONAL_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  return value;
}
