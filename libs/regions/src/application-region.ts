import { regency, provinceName } from './area-reference';

/** Where an application belongs: the province and the regency or city of its family card. */
export interface ApplicationRegion {
  provinceCode: string;
  provinceName: string;
  regencyCode: string;
  regencyName: string;
}

/**
 * The region of a 16-digit NIK or KK number: its first 4 digits are the regency or city code (Kemendagri), the same
 * the civil registry writes into both. Undefined when the code is not in the reference.
 */
export function regionOfIdentifier(identifier: string): ApplicationRegion | undefined {
  const found = /^\d{4}/.test(identifier) ? regency(identifier.slice(0, 4)) : undefined;
  if (!found) return undefined;
  return { provinceCode: found.provinceCode, provinceName: provinceName(found.provinceCode) ?? found.provinceCode, regencyCode: found.code, regencyName: found.name };
}

/**
 * The region of an application from its data: the family card (every life event has `kkNumber`), where the regional
 * offices (Disdukcapil, Dinas Sosial) that act on it are. Undefined when the data has no known family card region.
 */
export function regionOfApplication(data: Record<string, unknown>): ApplicationRegion | undefined {
  return typeof data.kkNumber === 'string' ? regionOfIdentifier(data.kkNumber) : undefined;
}

/**
 * Why an identifier's or code's region is not in the reference, or null. Checks the first 4 digits (regency or city);
 * a 6-digit district code is checked by its regency.
 */
export function regionProblem(value: string): string | null {
  if (!/^\d{4}/.test(value)) return null;
  const code = value.slice(0, 4);
  if (regency(code)) return null;
  if (!provinceName(code.slice(0, 2))) return `starts with ${code.slice(0, 2)}, which is not a province in the Ministry of Home Affairs' area reference`;
  return `starts with ${code}, which is not a regency or city of province ${code.slice(0, 2)} in the Ministry of Home Affairs' area reference`;
}
