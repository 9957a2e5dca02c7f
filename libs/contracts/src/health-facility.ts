/**
 * The FHIR R4 profile Simpul accepts from health facilities (POST /v1/health-facility-events): the names a facility's
 * system and Simpul agree on. Pure data. docs/health-facility-events.md explains each with an example.
 *
 * Identifier systems follow the national health platform (SATUSEHAT) where it has one; the facility's own code is
 * Simpul's (in production, the facility's SATUSEHAT organization id is registered as its facility id).
 */
export const FHIR_SYSTEMS = {
  /** NIK of a person (mother, deceased). */
  nik: 'https://fhir.kemkes.go.id/id/nik',
  /** The mother's NIK, carried by the newborn's Patient (as SATUSEHAT identifies newborns before they have a NIK). */
  motherNik: 'https://fhir.kemkes.go.id/id/nik-ibu',
  /** A health worker's national number (the certifying practitioner). */
  practitioner: 'https://fhir.kemkes.go.id/id/nakes-his-number',
  /** The facility's id in Simpul (the `facility_id` of its machine client). */
  facility: 'https://fhir.simpul.go.id/id/health-facility',
  /** Codes of the events a facility notifies (MessageHeader.eventCoding of a message Bundle). */
  event: 'https://fhir.simpul.go.id/CodeSystem/facility-event',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  /** Extension for the time of birth (FHIR core). */
  birthTime: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
} as const;

/** What a facility notifies; each has a profile URL (Bundle.meta.profile) and an event code. */
export const FACILITY_EVENTS = {
  BIRTH: { code: 'birth-notification', profile: 'https://fhir.simpul.go.id/StructureDefinition/birth-notification' },
  DEATH: { code: 'death-notification', profile: 'https://fhir.simpul.go.id/StructureDefinition/death-notification' },
} as const;
export type FacilityEventType = keyof typeof FACILITY_EVENTS;

/** LOINC codes of the birth measurements a birth notification carries. */
export const BIRTH_OBSERVATIONS = {
  weight: { code: '8339-4', display: 'Birth weight Measured', unit: 'g' },
  length: { code: '89269-5', display: 'Body height Measured --at birth', unit: 'cm' },
} as const;

/** A facility id: what its machine client's token carries and its Organization's identifier holds. */
export const FACILITY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,62}$/;
