/**
 * Reads a health facility's FHIR R4 Bundle into what the civil registration needs, and nothing more: the checks of
 * Simpul's profile (libs/contracts/src/health-facility.ts, docs/health-facility-events.md) on top of FHIR's own
 * structure (fhir-structure.ts). Every problem names its FHIRPath expression, so the OperationOutcome points at it.
 */
import { BIRTH_OBSERVATIONS, FACILITY_EVENTS, FHIR_SYSTEMS, nikProblem, sexOfNik, type FacilityEventType } from '@simpul/contracts';
import { structuralIssues, type BundleIssue } from './fhir-structure';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a facility's notification becomes: the draft's pre-filled data and who may confirm it. */
export interface FacilityEvent {
  type: FacilityEventType;
  /** `<identifier.system>|<identifier.value>`: the same Bundle sent again is the same event. */
  bundleKey: string;
  /** Pre-filled application data, in the life event's own schema (a subset: the family completes it). */
  data: Record<string, unknown>;
  /** Who may confirm the draft: the mother of a newborn; the next of kin a death notification names. */
  confirmerNiks: string[];
  /** When the birth or death happened (ISO 8601). */
  occurredAt: string;
}

export class BundleRejected extends Error {
  constructor(
    readonly issues: BundleIssue[],
    /** 422: breaks FHIR or the profile; 403: an event at another facility; 409: another Bundle under a used identifier. */
    readonly status: 403 | 409 | 422 = 422,
  ) {
    super(issues.map((i) => `${i.expression}: ${i.message}`).join('; '));
  }
}

interface Located {
  resource: Json;
  path: string;
  fullUrl?: string;
}

export function readFacilityBundle(body: unknown, facilityId: string): FacilityEvent {
  if (!isObject(body) || body.resourceType !== 'Bundle') throw new BundleRejected([{ expression: 'Bundle', message: 'the body must be a FHIR R4 Bundle (resourceType "Bundle")' }]);
  const structural = structuralIssues(body as never);
  if (structural.length > 0) throw new BundleRejected(structural);
  const issues: BundleIssue[] = [];
  const type = eventType(body, issues);
  if (!type) throw new BundleRejected(issues);
  const entries: Located[] = (body.entry ?? []).map((e: Json, i: number) => ({ resource: e.resource ?? {}, fullUrl: e.fullUrl, path: `Bundle.entry[${i}].resource` }));
  const reader = new EntryReader(entries, issues);
  const facility = reader.facility(facilityId);
  const event = type === 'BIRTH' ? readBirth(reader, facility) : readDeath(reader, facility);
  if (issues.length > 0 || !event) throw new BundleRejected(issues);
  return { type, bundleKey: `${body.identifier.system}|${body.identifier.value}`, ...event };
}

/** The event the Bundle declares (meta.profile), with the envelope rules of both Bundle types. */
function eventType(bundle: Json, issues: BundleIssue[]): FacilityEventType | undefined {
  if (bundle.type !== 'message' && bundle.type !== 'collection') issues.push({ expression: 'Bundle.type', message: 'must be "message" or "collection"' });
  if (!bundle.identifier?.system || !bundle.identifier?.value) issues.push({ expression: 'Bundle.identifier', message: 'system and value are required: they make a repeated notification recognisable' });
  const profiles: string[] = bundle.meta?.profile ?? [];
  const type = (Object.keys(FACILITY_EVENTS) as FacilityEventType[]).find((t) => profiles.includes(FACILITY_EVENTS[t].profile));
  if (!type) issues.push({ expression: 'Bundle.meta.profile', message: `must name ${Object.values(FACILITY_EVENTS).map((e) => e.profile).join(' or ')}` });
  if (bundle.type === 'message') {
    const header = bundle.entry?.[0]?.resource;
    if (header?.resourceType !== 'MessageHeader') issues.push({ expression: 'Bundle.entry[0].resource', message: 'a message Bundle starts with its MessageHeader' });
    else if (type && (header.eventCoding?.system !== FHIR_SYSTEMS.event || header.eventCoding?.code !== FACILITY_EVENTS[type].code)) {
      issues.push({ expression: 'Bundle.entry[0].resource.eventCoding', message: `must be ${FHIR_SYSTEMS.event}#${FACILITY_EVENTS[type].code}, as the profile says` });
    }
  }
  return issues.length === 0 ? type : undefined;
}

/** Finds resources in the entries and reports, with their paths, what is missing or wrong. */
class EntryReader {
  constructor(
    private readonly entries: Located[],
    readonly issues: BundleIssue[],
  ) {}

  all(resourceType: string, where: (r: Json) => boolean = () => true): Located[] {
    return this.entries.filter((e) => e.resource.resourceType === resourceType && where(e.resource));
  }

  one(resourceType: string, what: string, where?: (r: Json) => boolean): Located | undefined {
    const found = this.all(resourceType, where);
    if (found.length !== 1) this.issues.push({ expression: 'Bundle.entry', message: `exactly one ${what} is required (found ${found.length})` });
    return found.length === 1 ? found[0] : undefined;
  }

  /** Whether `reference` (a Reference element) points at `target`'s entry. */
  refersTo(reference: Json | undefined, target: Located | undefined): boolean {
    return !!target?.fullUrl && reference?.reference === target.fullUrl;
  }

  /** The facility's Organization; an event at another facility is refused (403). */
  facility(facilityId: string): Located | undefined {
    const org = this.one('Organization', `Organization with an identifier of system ${FHIR_SYSTEMS.facility}`, (r) => identifierOf(r, FHIR_SYSTEMS.facility) !== undefined);
    if (!org) return undefined;
    const index = (org.resource.identifier as Json[]).findIndex((i) => i.system === FHIR_SYSTEMS.facility);
    if (org.resource.identifier[index].value !== facilityId) {
      throw new BundleRejected([{ expression: `${org.path}.identifier[${index}].value`, message: `a facility notifies only events at itself (${facilityId})` }], 403);
    }
    return org;
  }

  /** A NIK identifier of `located`, checked; pushes an issue naming its path when it is not a valid NIK. */
  nik(located: Located, system: string, female = false): string | undefined {
    const index = ((located.resource.identifier ?? []) as Json[]).findIndex((i) => i.system === system);
    const path = `${located.path}.identifier[${index}].value`;
    const value = located.resource.identifier?.[index]?.value;
    const problem = nikProblem(value) ?? (female && sexOfNik(value) !== 'F' ? "is not a woman's NIK (the day of birth + 40)" : null);
    if (problem) this.issues.push({ expression: path, message: `NIK ${problem}` });
    return problem ? undefined : value;
  }

  past(value: unknown, path: string): string | undefined {
    const at = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(at)) this.issues.push({ expression: path, message: 'is required' });
    else if (at > Date.now() + 5 * 60_000) this.issues.push({ expression: path, message: 'is in the future' });
    return Number.isNaN(at) ? undefined : (value as string);
  }
}

function readBirth(r: EntryReader, facility: Located | undefined): Omit<FacilityEvent, 'type' | 'bundleKey'> | undefined {
  const child = r.one('Patient', `newborn Patient (identifier of system ${FHIR_SYSTEMS.motherNik})`, (p) => identifierOf(p, FHIR_SYSTEMS.motherNik) !== undefined);
  const mother = r.one('Patient', `mother Patient (identifier of system ${FHIR_SYSTEMS.nik})`, (p) => identifierOf(p, FHIR_SYSTEMS.nik) !== undefined);
  if (!child || !mother) return undefined;
  const motherNik = r.nik(mother, FHIR_SYSTEMS.nik, true);
  if (motherNik && identifierOf(child.resource, FHIR_SYSTEMS.motherNik) !== motherNik) {
    r.issues.push({ expression: `${child.path}.identifier`, message: "the newborn's mother NIK does not match the mother Patient's NIK" });
  }
  const sex = child.resource.gender === 'female' ? 'F' : child.resource.gender === 'male' ? 'M' : undefined;
  if (!sex) r.issues.push({ expression: `${child.path}.gender`, message: 'must be "female" or "male" for a birth registration' });
  const birthTime = child.resource._birthDate?.extension?.find((e: Json) => e.url === FHIR_SYSTEMS.birthTime)?.valueDateTime;
  const born = r.past(birthTime ?? child.resource.birthDate, `${child.path}.birthDate`);
  const order = child.resource.multipleBirthInteger;
  if (order !== undefined && (order < 1 || order > 9)) r.issues.push({ expression: `${child.path}.multipleBirth`, message: 'the birth order must be between 1 and 9' });
  if (!r.one('Encounter', 'Encounter of the newborn', (e) => r.refersTo(e.subject, child))) return undefined;
  measured(r, child, 'weight', 300, 7000);
  measured(r, child, 'length', 20, 70);
  const name = child.resource.name?.[0]?.text ?? [child.resource.name?.[0]?.given?.join(' '), child.resource.name?.[0]?.family].filter(Boolean).join(' ');
  if (!motherNik || !sex || !born) return undefined;
  return {
    data: { motherNik, child: { ...(name ? { name } : {}), sex, birthDate: (child.resource.birthDate as string) ?? born.slice(0, 10), birthPlace: placeOf(facility) } },
    confirmerNiks: [motherNik],
    occurredAt: born,
  };
}

/** A birth measurement: one Observation of the newborn with the LOINC code, in the unit the profile names, in range. */
function measured(r: EntryReader, child: Located, kind: keyof typeof BIRTH_OBSERVATIONS, min: number, max: number): void {
  const { code, unit } = BIRTH_OBSERVATIONS[kind];
  const observation = r.one('Observation', `Observation of the birth ${kind} (LOINC ${code})`, (o) => (o.code?.coding ?? []).some((c: Json) => c.system === FHIR_SYSTEMS.loinc && c.code === code));
  if (!observation) return;
  if (!r.refersTo(observation.resource.subject, child)) r.issues.push({ expression: `${observation.path}.subject`, message: 'must refer to the newborn' });
  const q = observation.resource.valueQuantity;
  if (q?.code !== unit || typeof q?.value !== 'number' || q.value < min || q.value > max) {
    r.issues.push({ expression: `${observation.path}.value`, message: `must be a Quantity in ${unit} (UCUM) between ${min} and ${max}` });
  }
}

function readDeath(r: EntryReader, facility: Located | undefined): Omit<FacilityEvent, 'type' | 'bundleKey'> | undefined {
  const deceased = r.one('Patient', `deceased Patient (identifier of system ${FHIR_SYSTEMS.nik})`, (p) => identifierOf(p, FHIR_SYSTEMS.nik) !== undefined);
  const practitioner = r.one('Practitioner', 'certifying Practitioner');
  // The next of kin the facility informed (RelatedPerson with a NIK): the family member asked to confirm.
  const kin = r.all('RelatedPerson');
  if (kin.length === 0) r.issues.push({ expression: 'Bundle.entry', message: `at least one RelatedPerson (the next of kin, identifier of system ${FHIR_SYSTEMS.nik}) is required` });
  if (!deceased || !practitioner) return undefined;
  const deceasedNik = r.nik(deceased, FHIR_SYSTEMS.nik);
  const died = r.past(deceased.resource.deceasedDateTime, `${deceased.path}.deceased`);
  if (!practitioner.resource.identifier?.length && !practitioner.resource.name?.length) {
    r.issues.push({ expression: `${practitioner.path}`, message: 'the certifying practitioner needs an identifier or a name' });
  }
  const kinNiks = kin.map((k) => {
    if (!r.refersTo(k.resource.patient, deceased)) r.issues.push({ expression: `${k.path}.patient`, message: 'must refer to the deceased Patient' });
    return r.nik(k, FHIR_SYSTEMS.nik);
  });
  if (!deceasedNik || !died || kinNiks.some((n) => !n)) return undefined;
  return { data: { deceasedNik, dateOfDeath: died.slice(0, 10), placeOfDeath: placeOf(facility) }, confirmerNiks: kinNiks as string[], occurredAt: died };
}

/** The place a civil registration records: the facility's city, or its name. */
function placeOf(facility: Located | undefined): string {
  const org = facility?.resource ?? {};
  return String(org.address?.[0]?.city ?? org.name ?? 'fasilitas kesehatan').slice(0, 80);
}

function identifierOf(resource: Json, system: string): string | undefined {
  return ((resource.identifier ?? []) as Json[]).find((i) => i.system === system)?.value;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
