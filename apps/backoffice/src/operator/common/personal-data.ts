/**
 * Masks personal data (UU 27/2022) in what the operator console shows: application data, workflow inputs and
 * results, agency outputs. Field names decide (NIK, KK, names, birth and death dates and places, addresses,
 * contact details, card numbers, welfare and health status); any 13- or 16-digit run inside another string (a NIK,
 * a KK or a BPJS card number quoted in a message) is masked too. Identifiers keep their last four digits so an
 * operator can tell two apart; everything else becomes "[masked]". Unmasking is a separate, audited request.
 */
const PERSONAL_KEY =
  /^(nik|\w*Nik|kk|kkNumber|\w*KkNumber|name|\w*Name|fullName|birth\w*|\w*BirthDate|dateOfDeath|placeOf\w*|\w*Place|address|\w*Address|phone\w*|email\w*|cardNumber|\w*CardNumber|\w*Kpj|kpj|decile|welfare\w*|segment|pkh\w*|diagnosis|health\w*)$/;
const IDENTIFIER_RUN = /\b\d{13}(\d{3})?\b/g;
export const MASKED = '[masked]';

export function maskIdentifier(value: string): string {
  return /^\d{6,}$/.test(value) ? `${'*'.repeat(value.length - 4)}${value.slice(-4)}` : MASKED;
}

export function maskText(value: string): string {
  return value.replace(IDENTIFIER_RUN, (m) => `${'*'.repeat(m.length - 4)}${m.slice(-4)}`);
}

function maskLeaf(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return maskIdentifier(value);
  if (typeof value === 'object') return maskAll(value);
  return MASKED;
}

/** Every leaf under a personal key is masked, whatever its shape (a `child` object, a list of names). */
function maskAll(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskLeaf);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskLeaf(v)]));
  return maskLeaf(value);
}

export function isPersonalKey(key: string): boolean {
  return PERSONAL_KEY.test(key);
}

export function maskPersonal<T>(value: T, depth = 0): T {
  if (depth > 64) return MASKED as T;
  if (typeof value === 'string') return maskText(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskPersonal(v, depth + 1)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isPersonalKey(k) ? maskLeaf(v) : maskPersonal(v, depth + 1);
    return out as T;
  }
  return value;
}

/** Masks identifier runs in every string, keeping keys and shape (for structures that are not application data). */
export function maskTextDeep<T>(value: T, depth = 0): T {
  if (depth > 64) return value;
  if (typeof value === 'string') return maskText(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskTextDeep(v, depth + 1)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskTextDeep(v, depth + 1)])) as T;
  return value;
}
