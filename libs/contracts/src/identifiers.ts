/**
 * Indonesian identifiers (docs/architecture.md, "Domain rules the code checks"). Pure functions: each returns the reason a value is invalid, or null.
 * NIK: 2 province + 2 regency + 2 district, DDMMYY (day + 40 for women), 4-digit serial not 0000.
 * KK: 6-digit region, issue date DDMMYY, 4-digit serial.
 */
export type Sex = 'F' | 'M';

export interface NikParts {
  province: string;
  regency: string;
  district: string;
  birthDay: number;
  birthMonth: number;
  birthYear2: number;
  sex: Sex;
  serial: string;
}

const SIXTEEN_DIGITS = /^\d{16}$/;

function isCalendarDate(day: number, month: number, year2: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Two-digit years are ambiguous across centuries; 2000 is a leap year and so is 1900 % 4 for our purpose,
  // so accept 29 February whenever the two-digit year is divisible by 4.
  const daysInMonth = [31, year2 % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= daysInMonth[month - 1];
}

export function parseNik(nik: string): NikParts | null {
  if (!SIXTEEN_DIGITS.test(nik)) return null;
  const rawDay = Number(nik.slice(6, 8));
  const sex: Sex = rawDay > 40 ? 'F' : 'M';
  const birthDay = sex === 'F' ? rawDay - 40 : rawDay;
  const birthMonth = Number(nik.slice(8, 10));
  const birthYear2 = Number(nik.slice(10, 12));
  const serial = nik.slice(12);
  if (!isCalendarDate(birthDay, birthMonth, birthYear2) || serial === '0000') return null;
  if (nik.slice(0, 2) === '00' || nik.slice(2, 4) === '00' || nik.slice(4, 6) === '00') return null;
  return { province: nik.slice(0, 2), regency: nik.slice(2, 4), district: nik.slice(4, 6), birthDay, birthMonth, birthYear2, sex, serial };
}

export function nikProblem(nik: unknown): string | null {
  if (typeof nik !== 'string') return 'must be a string of 16 digits';
  if (!SIXTEEN_DIGITS.test(nik)) return 'must be exactly 16 digits';
  if (['00'].includes(nik.slice(0, 2)) || nik.slice(2, 4) === '00' || nik.slice(4, 6) === '00') {
    return 'must start with a valid province, regency and district code';
  }
  const rawDay = Number(nik.slice(6, 8));
  const day = rawDay > 40 ? rawDay - 40 : rawDay;
  if (!isCalendarDate(day, Number(nik.slice(8, 10)), Number(nik.slice(10, 12)))) {
    return 'must contain a valid birth date DDMMYY (day + 40 for women) at positions 7-12';
  }
  if (nik.slice(12) === '0000') return 'must end with a serial number other than 0000';
  return null;
}

export function kkProblem(kk: unknown): string | null {
  if (typeof kk !== 'string') return 'must be a string of 16 digits';
  if (!SIXTEEN_DIGITS.test(kk)) return 'must be exactly 16 digits';
  if (kk.slice(0, 2) === '00') return 'must start with a valid region code';
  if (!isCalendarDate(Number(kk.slice(6, 8)), Number(kk.slice(8, 10)), Number(kk.slice(10, 12)))) {
    return 'must contain a valid issue date DDMMYY at positions 7-12';
  }
  if (kk.slice(12) === '0000') return 'must end with a serial number other than 0000';
  return null;
}

export function bpjsCardProblem(card: unknown): string | null {
  if (typeof card !== 'string' || !/^\d{13}$/.test(card)) return 'must be exactly 13 digits';
  return null;
}

/** The sex a NIK encodes; used to check that a mother's NIK is a woman's. */
export function sexOfNik(nik: string): Sex | null {
  return parseNik(nik)?.sex ?? null;
}
