/**
 * The audit trail is kept far longer than personal data may be (see docs/security.md, retention), so an entry names
 * people and applications by id only. This refuses the obvious mistakes: a field named like personal data, or a value
 * that looks like a NIK (16 digits) or a KK number, anywhere in `details` or `subject`.
 */
const PERSONAL_KEYS = /^(nik|kk|kkNumber|name|fullName|.*Name|birthDate|dateOfBirth|.*BirthDate|address|phone|email|motherNik|fatherNik|childName)$/i;
const NIK_LIKE = /(^|\D)\d{16}(\D|$)/;
/**
 * A keyed hash that names a person (applicant_ref, personRef: HMAC-SHA256 in hex) is the pseudonym the trail is meant
 * to hold; about one in a hundred has a run of 16 decimal digits, which is not a NIK. Such a whole 64-character token is
 * set aside before the NIK check.
 */
const HEX_DIGEST = /\b[0-9a-f]{64}\b/gi;

export class AuditPersonalDataError extends Error {
  constructor(path: string) {
    super(`audit entries hold no personal data: ${path} looks like personal data`);
    this.name = 'AuditPersonalDataError';
  }
}

export function assertNoPersonalData(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (NIK_LIKE.test(value.replace(HEX_DIGEST, '#'))) throw new AuditPersonalDataError(path);
    return;
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && String(Math.abs(value)).length === 16) throw new AuditPersonalDataError(path);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertNoPersonalData(v, `${path}[${i}]`));
    return;
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (PERSONAL_KEYS.test(key)) throw new AuditPersonalDataError(`${path}.${key}`);
    assertNoPersonalData(v, `${path}.${key}`);
  }
}
