/**
 * Indonesia's administrative areas (provinces, regencies and cities) from the Ministry of Home Affairs' reference
 * (Kepmendagri on area codes), as published by the maintained npm package `idn-area-data` (pinned in package.json;
 * see docs/phased-integration.md for how it is updated). Read once from the package's own CSV files: the package's
 * loader is ESM-only and asynchronous, while a code check at intake is synchronous and tiny.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Regency {
  /** Four digits: province (2) + regency or city (2), as in a NIK or KK number ("3273"). */
  code: string;
  provinceCode: string;
  /** As the reference writes it: "Kota Bandung", "Kabupaten Jayawijaya". */
  name: string;
}

interface Reference {
  version: string;
  provinces: Map<string, string>;
  regencies: Map<string, Regency>;
}

let loaded: Reference | undefined;

/** Rows of a simple CSV (the reference quotes no field that holds a comma but names; handles quotes anyway). */
function rows(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')));
}

function reference(): Reference {
  if (loaded) return loaded;
  const root = dirname(require.resolve('idn-area-data/package.json'));
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const provinces = new Map(rows(readFileSync(join(root, 'data', 'provinces.csv'), 'utf8')).map(([code, name]) => [code, name]));
  const regencies = new Map<string, Regency>();
  for (const [dotted, provinceCode, name] of rows(readFileSync(join(root, 'data', 'regencies.csv'), 'utf8'))) {
    const code = dotted.replace('.', '');
    regencies.set(code, { code, provinceCode, name });
  }
  loaded = { version, provinces, regencies };
  return loaded;
}

/** Which reference the codes are checked against, e.g. "idn-area-data 4.0.1". */
export function areaReferenceVersion(): string {
  return `idn-area-data ${reference().version}`;
}

export function provinceName(code: string): string | undefined {
  return reference().provinces.get(code);
}

export function regency(code: string): Regency | undefined {
  return reference().regencies.get(code);
}

/** A province's 2 digits or a regency's 4 digits, known to the reference. */
export function isKnownRegion(code: string): boolean {
  return code.length === 2 ? provinceName(code) !== undefined : code.length === 4 && regency(code) !== undefined;
}

/** The name of a province (2 digits) or a regency (4 digits), or undefined. */
export function regionName(code: string): string | undefined {
  return code.length === 2 ? provinceName(code) : regency(code)?.name;
}

/** All regencies and cities of a province (for the operator console's pickers). */
export function regenciesOf(provinceCode: string): Regency[] {
  return [...reference().regencies.values()].filter((r) => r.provinceCode === provinceCode);
}

export function allProvinces(): Array<{ code: string; name: string }> {
  return [...reference().provinces.entries()].map(([code, name]) => ({ code, name }));
}
