import { DEMO_FAMILIES, randomNik } from '@simpul/testing';
import { testConfig } from './env';
import { SANDBOX, http } from './api';

type FamilyRole = 'KEPALA KELUARGA' | 'ISTRI' | 'ANAK' | 'FAMILI LAIN';
interface Resident {
  nik: string;
  name: string;
  sex: 'F' | 'M';
  birthDate: string;
  kkNumber: string;
  familyRole?: FamilyRole;
  bpjsHealthSegment?: 'PBI' | 'PBPU' | 'PPU';
  bpjsEmploymentKpj?: string;
}

/** Adds someone to the sandbox's registers (the agency's own tables), so a test can act on a person nobody else uses. */
export async function addResident(person: Resident): Promise<string> {
  const res = await http('PUT', `${SANDBOX}/admin/residents/${person.nik}`, { headers: { 'X-Admin-Key': testConfig().sandbox.adminKey }, body: person });
  if (res.status !== 200) throw new Error(`the sandbox did not add the resident: ${res.status}`);
  return person.nik;
}

/** A new member of the Wijaya family, so a death can be reported on every run (with a BPJS Ketenagakerjaan KPJ unless told). */
export function newWijayaMember(opts: { bpjsEmployment?: boolean } = {}): Promise<string> {
  return addResident({
    nik: randomNik('317402', 'M'),
    name: 'Hendra Wijaya',
    sex: 'M',
    birthDate: '1955-01-01',
    kkNumber: DEMO_FAMILIES.member.kkNumber,
    bpjsHealthSegment: 'PPU',
    ...(opts.bpjsEmployment === false ? {} : { bpjsEmploymentKpj: String(Math.floor(1e10 + Math.random() * 8e10)) }),
  });
}

/** A new family of three on a new family card in Jakarta Selatan: a father who heads it, a mother, a grown-up son. */
export async function newFamily(): Promise<{ kkNumber: string; father: string; mother: string; son: string }> {
  const serial = String(1 + Math.floor(Math.random() * 9998)).padStart(4, '0');
  const kkNumber = `317402${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}0124${serial}`;
  const person = (sex: 'F' | 'M', name: string, birthDate: string, familyRole: FamilyRole) => addResident({ nik: randomNik('317402', sex), name, sex, birthDate, kkNumber, familyRole });
  return {
    kkNumber,
    father: await person('M', 'Joko Pratama', '1984-02-10', 'KEPALA KELUARGA'),
    mother: await person('F', 'Ani Pratama', '1988-09-21', 'ISTRI'),
    son: await person('M', 'Dimas Pratama', '2004-05-30', 'ANAK'),
  };
}
