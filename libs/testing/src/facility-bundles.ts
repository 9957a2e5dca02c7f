/**
 * Sample FHIR R4 Bundles as a health facility sends them (the profile in libs/contracts/src/health-facility.ts and
 * docs/health-facility-events.md), for the demo (`npm run -s demo -- facility-birth`) and the tests.
 */
import { randomUUID } from 'node:crypto';
import { BIRTH_OBSERVATIONS, FACILITY_EVENTS, FHIR_SYSTEMS, type FacilityEventType } from '@simpul/contracts';
import { DEMO_FAMILIES } from './demo-population';

export const DEMO_FACILITIES = {
  clinic: { id: 'klinik-bersalin-sehat-bdg', name: 'Klinik Bersalin Sehat', city: 'Kota Bandung' },
  hospital: { id: 'rsud-pasar-minggu', name: 'RSUD Pasar Minggu', city: 'Jakarta Selatan' },
} as const;

type Json = Record<string, unknown>;
const ref = (id: string) => ({ reference: `urn:uuid:${id}` });
const entry = (id: string, resource: Json) => ({ fullUrl: `urn:uuid:${id}`, resource });

function envelope(event: FacilityEventType, facilityId: string, type: 'message' | 'collection', resources: Array<{ id: string; resource: Json }>, bundleId: string): Json {
  const organization = resources.find((r) => r.resource.resourceType === 'Organization') as { id: string };
  const header =
    type === 'message'
      ? [entry(randomUUID(), { resourceType: 'MessageHeader', eventCoding: { system: FHIR_SYSTEMS.event, code: FACILITY_EVENTS[event].code }, source: { endpoint: `urn:simpul:facility:${facilityId}` }, sender: ref(organization.id), focus: [ref(resources[0].id)] })]
      : [];
  return {
    resourceType: 'Bundle',
    meta: { profile: [FACILITY_EVENTS[event].profile] },
    identifier: { system: `urn:simpul:facility:${facilityId}:bundle`, value: bundleId },
    type,
    timestamp: new Date().toISOString(),
    entry: [...header, ...resources.map((r) => entry(r.id, r.resource))],
  };
}

function organization(facilityId: string, facility: { name: string; city: string }) {
  return { resourceType: 'Organization', identifier: [{ system: FHIR_SYSTEMS.facility, value: facilityId }], name: facility.name, address: [{ city: facility.city, country: 'ID' }] };
}

export interface BirthBundleOptions {
  facilityId?: string;
  motherNik?: string;
  birthDateTime?: string;
  sex?: 'female' | 'male';
  childName?: string;
  type?: 'message' | 'collection';
  bundleId?: string;
  weightGrams?: number;
  lengthCm?: number;
}

/** A birth at a clinic: newborn, mother (NIK), encounter, weight and length, the facility. */
export function facilityBirthBundle(o: BirthBundleOptions = {}): Json {
  const facilityId = o.facilityId ?? DEMO_FACILITIES.clinic.id;
  const facility = Object.values(DEMO_FACILITIES).find((f) => f.id === facilityId) ?? DEMO_FACILITIES.clinic;
  const motherNik = o.motherNik ?? DEMO_FAMILIES.eligible.mother.nik;
  const born = o.birthDateTime ?? new Date(Date.now() - 2 * 3600_000).toISOString();
  const [child, mother, org, encounter, weight, length] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const observation = (kind: keyof typeof BIRTH_OBSERVATIONS, value: number) => ({
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: FHIR_SYSTEMS.loinc, code: BIRTH_OBSERVATIONS[kind].code, display: BIRTH_OBSERVATIONS[kind].display }] },
    subject: ref(child),
    encounter: ref(encounter),
    effectiveDateTime: born,
    valueQuantity: { value, unit: BIRTH_OBSERVATIONS[kind].unit, system: FHIR_SYSTEMS.ucum, code: BIRTH_OBSERVATIONS[kind].unit },
  });
  return envelope('BIRTH', facilityId, o.type ?? 'message', [
    {
      id: child,
      resource: {
        resourceType: 'Patient',
        identifier: [{ system: FHIR_SYSTEMS.motherNik, value: motherNik }],
        ...(o.childName ? { name: [{ text: o.childName }] } : {}),
        gender: o.sex ?? 'female',
        birthDate: born.slice(0, 10),
        _birthDate: { extension: [{ url: FHIR_SYSTEMS.birthTime, valueDateTime: born }] },
        multipleBirthInteger: 1,
      },
    },
    { id: mother, resource: { resourceType: 'Patient', identifier: [{ system: FHIR_SYSTEMS.nik, value: motherNik }], gender: 'female' } },
    { id: org, resource: organization(facilityId, facility) },
    { id: encounter, resource: { resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' }, subject: ref(child), serviceProvider: ref(org), period: { start: born } } },
    { id: weight, resource: observation('weight', o.weightGrams ?? 3150) },
    { id: length, resource: observation('length', o.lengthCm ?? 49) },
  ], o.bundleId ?? randomUUID());
}

export interface DeathBundleOptions {
  facilityId?: string;
  deceasedNik?: string;
  /** The next of kin the facility informed (asked to confirm the draft). */
  kinNik?: string;
  deathDateTime?: string;
  type?: 'message' | 'collection';
  bundleId?: string;
}

/** A death at a hospital: the deceased (NIK), date and place, the certifying practitioner, the next of kin. */
export function facilityDeathBundle(o: DeathBundleOptions = {}): Json {
  const facilityId = o.facilityId ?? DEMO_FACILITIES.hospital.id;
  const facility = Object.values(DEMO_FACILITIES).find((f) => f.id === facilityId) ?? DEMO_FACILITIES.hospital;
  const died = o.deathDateTime ?? new Date(Date.now() - 3 * 3600_000).toISOString();
  const [deceased, org, practitioner, encounter, kin] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  return envelope('DEATH', facilityId, o.type ?? 'message', [
    { id: deceased, resource: { resourceType: 'Patient', identifier: [{ system: FHIR_SYSTEMS.nik, value: o.deceasedNik ?? DEMO_FAMILIES.member.father.nik }], deceasedDateTime: died } },
    { id: org, resource: organization(facilityId, facility) },
    {
      id: kin,
      resource: {
        resourceType: 'RelatedPerson',
        patient: ref(deceased),
        identifier: [{ system: FHIR_SYSTEMS.nik, value: o.kinNik ?? DEMO_FAMILIES.member.mother.nik }],
        relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'WIFE' }] }],
      },
    },
    { id: practitioner, resource: { resourceType: 'Practitioner', identifier: [{ system: FHIR_SYSTEMS.practitioner, value: '10009880728' }], name: [{ text: 'dr. Ratna Sari' }] } },
    { id: encounter, resource: { resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' }, subject: ref(deceased), serviceProvider: ref(org), participant: [{ individual: ref(practitioner) }], period: { end: died } } },
  ], o.bundleId ?? randomUUID());
}

/** Demo scenarios of health facilities' notifications (`npm run -s demo -- facility-birth`). */
export const FACILITY_SCENARIOS = ['facility-birth', 'facility-death'] as const;
export type FacilityScenario = (typeof FACILITY_SCENARIOS)[number];

/** A facility scenario's Bundle and the facility that sends it: a birth at the clinic, a death at the hospital. */
export function facilityScenario(scenario: FacilityScenario): { facilityId: string; bundle: Json } {
  return scenario === 'facility-birth'
    ? { facilityId: DEMO_FACILITIES.clinic.id, bundle: facilityBirthBundle() }
    : { facilityId: DEMO_FACILITIES.hospital.id, bundle: facilityDeathBundle() };
}
