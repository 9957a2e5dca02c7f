import type { AgencyId } from '../agencies';
import type { LocalizedText } from '../status';
import { SAFE_TEXT_PATTERN } from '../text';
import type { LifeEventType } from './registry';

/**
 * Life events as declarative definitions: pure data (and JSON Schema), imported by workflow code, so this folder
 * stays deterministic and free of I/O. Each life event is one module (one file, see registry.ts): its published
 * versions, retention, the names of the numbers it issues and its demo scenarios.
 */

export interface RetryDefinition {
  initialIntervalSeconds: number;
  maximumIntervalSeconds: number;
  backoffCoefficient: number;
}

export interface StepDefinition {
  id: string;
  agency: AgencyId;
  /**
   * Activity name on the agency's task queue, `<agency>.<action>`. Absent for a step that only an officer decides
   * (no system call), such as the verification of a late report.
   */
  action?: string;
  title: LocalizedText;
  dependsOn: string[];
  /** What the agency receives, and nothing else: `application.<path>` or `steps.<stepId>.<output>`. */
  inputs: string[];
  /**
   * An officer decides: after the agency answers NEEDS_OFFICER (then `followUpAction` records an approval), or always
   * for an officer-only step.
   */
  officerDecision?: { followUpAction?: string };
  /**
   * The step shares the citizen's data with an agency beyond what the life event itself requires (health insurance,
   * welfare, an heirs' claim): it runs only with the citizen's consent, given at intake and revocable until it starts.
   */
  consentRequired?: true;
  /** The step runs only when the condition holds, else it is SKIPPED with the condition's reason. */
  when?: 'LATE_REPORT';
  /** A business rejection of this step rejects the whole application (undoing what was done), or only this step. */
  onReject: 'REJECT_APPLICATION' | 'CONTINUE';
  /** Activity that undoes this step's effect at its agency, run when a later step fails for good. */
  compensation?: { action: string };
  startToCloseSeconds: number;
  /**
   * Asynchronous agencies answer later: by a signed callback after 202 (push), or with a ticket whose result Simpul
   * polls (see docs/agency-integration.md); the answer may take up to `callbackTimeoutHours`. Which of the two is the
   * adapter's business, not the definition's. Absent: request/response within the timeout.
   */
  integration?: { mode: 'async'; callbackTimeoutHours: number };
  /**
   * Where the agency's office is not connected at all (the connection registry's UNAVAILABLE, docs/phased-integration.md):
   * absent, the step waits until it is; `SKIP`, the step is SKIPPED at once and the citizen is told to go to the office.
   * Only for steps no later step needs the outputs of, and never for a step whose act the life event is about.
   */
  whenUnavailable?: 'SKIP';
  retry: RetryDefinition;
  /** How long the step may take before it escalates (waiting for an officer or a citizen included). */
  slaHours: number;
}

/** A subset of JSON Schema (draft 2020-12) that portal-api validates with, extended by Simpul's formats. */
export interface DataSchema {
  type: 'object';
  required: string[];
  properties: Record<string, unknown>;
  additionalProperties: false;
}

/**
 * Where a form finds a field's value before the citizen types it ("once only"): the signed-in person's NIK, or their
 * family card as the civil registry holds it (GET /v1/me/family-card): its number, the mother's and the father's NIK.
 */
export type PrefillSource = 'me.nik' | 'familyCard.kkNumber' | 'familyCard.mother.nik' | 'familyCard.father.nik';

/** How a form shows one field of the data section: its label, the names of its options, where its value may come from. */
export interface FieldPresentation {
  label: LocalizedText;
  prefill?: PrefillSource;
  options?: Record<string, LocalizedText>;
}

/** One published version of a life event: frozen and self-contained (never derived from another version). */
export interface LifeEventDefinition<T extends string = LifeEventType> {
  type: T;
  version: number;
  title: LocalizedText;
  /** The statutory reporting deadline: a report after it needs extra verification. */
  reportingDeadline?: { days: number; dateField: string };
  /** JSON Schema of the application's `data` section. Formats: nik, nik-female, kk, past-date, region-code, npsn. */
  dataSchema: DataSchema;
  /** Every field of `dataSchema` by its dotted path (objects too): how forms, the portal's among them, present it. */
  fields: Record<string, FieldPresentation>;
  steps: StepDefinition[];
}

/**
 * How long personal data is kept, counted from the day the application ended (COMPLETED, REJECTED, FAILED or
 * CANCELLED). After that the retention job (backoffice) deletes the workflow history from Temporal and anonymises the
 * read model: the application's data, step outputs and references, event payloads and webhook payloads go; ids,
 * statuses, times and consents stay (statistics, proof of what was done, the audit trail).
 *
 * - `historyDays`: the Temporal workflow history (encrypted, but holding everything the agencies were sent);
 *   operators need it to investigate and replay, so it is kept a while after the end.
 * - `readModelDays`: what the citizen and the portal read (status, certificate numbers); citizens come back for
 *   their references, so this is kept longer.
 * Agencies keep their own records under their own law; this is only Simpul's copy. See docs/security.md.
 */
export interface RetentionPolicy {
  historyDays: number;
  readModelDays: number;
  /**
   * Life events a health facility can notify (docs/health-facility-events.md): days a draft waits for the family to
   * confirm it, counted from the event; then it expires and its data is deleted. The reporting deadline, after which a
   * report needs an officer's verification anyway.
   */
  draftDays?: number;
}

/** A seeded demo citizen as libs/testing hands it to demo scenarios (the sandbox agencies know every one). */
export interface DemoCitizen {
  nik: string;
  kkNumber: string;
  regionCode: string;
}
/**
 * The demo population by name (`<family>.<mother|father|child>` of libs/testing's DEMO_FAMILIES, and `unknown` for a
 * well-formed NIK nobody holds), and `daysAgo(n)`, the date n days ago (YYYY-MM-DD).
 */
export interface DemoContext {
  people: Readonly<Record<string, DemoCitizen>>;
  /** Region codes of the demo by name (libs/testing's REGIONS: surabaya, integrated everywhere; jayapura, not). */
  regions: Readonly<Record<string, string>>;
  /** The demo school's NPSN. */
  schoolNpsn: string;
  daysAgo(days: number): string;
}
/** What a demo scenario files (the body of POST /v1/applications without the channel and the consents). */
export interface DemoApplication {
  applicantNik: string;
  data: Record<string, unknown>;
}
export interface LifeEventDemo {
  /** The consents the demo citizens give (a step left out is skipped; the consent tests say otherwise). */
  consents: Record<string, boolean>;
  /** Scenario name (`npm run -s demo -- <name>`) → the application it files. */
  scenarios: Record<string, (context: DemoContext) => DemoApplication>;
}

/** Everything about one life event: one module, one file, discovered through registry.ts. */
export interface LifeEventModule<T extends string = string> {
  type: T;
  /** Every version that may still be running, oldest first. A new version is added, never edited in place. */
  versions: readonly LifeEventDefinition<T>[];
  retention: RetentionPolicy;
  /**
   * The numbers its steps issue that a citizen keeps (certificates, cards, memberships, letters: step outputs by
   * name), with their names in both languages. Other outputs (a flag, a decile) are not references.
   */
  references: Readonly<Record<string, LocalizedText>>;
  demo?: LifeEventDemo;
}

/** Freezes a value and everything it holds, so a published version cannot be changed by whoever holds it. */
export function deepFreeze<V>(value: V): V {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** A life event's module, checked (every version of its type, versions unique) and deeply frozen. */
export function defineLifeEvent<const T extends string>(module: LifeEventModule<T>): Readonly<LifeEventModule<T>> {
  const versions = module.versions.map((v) => v.version);
  for (const v of module.versions) if (v.type !== module.type) throw new Error(`${module.type}: version ${v.version} is of type ${v.type}`);
  if (new Set(versions).size !== versions.length) throw new Error(`${module.type}: a version number is used twice`);
  return deepFreeze(module);
}

/** Retry of agency calls: no attempt limit, so an agency that stays down delays an application but never loses it. */
export const AGENCY_RETRY: RetryDefinition = deepFreeze({ initialIntervalSeconds: 1, maximumIntervalSeconds: 60, backoffCoefficient: 2 });

/** Free text (an address, a place): any characters but those the one text rule refuses (see ../text.ts). */
export function text(minLength: number, maxLength: number): { type: 'string'; minLength: number; maxLength: number; pattern: string } {
  return { type: 'string', minLength, maxLength, pattern: SAFE_TEXT_PATTERN };
}

/** Labels shared by several life events. */
export const FIELD_LABELS = deepFreeze({
  kkNumber: { label: { id: 'Nomor Kartu Keluarga (KK)', en: 'Family card (KK) number' }, prefill: 'familyCard.kkNumber' },
  sex: { F: { id: 'Perempuan', en: 'Female' }, M: { id: 'Laki-laki', en: 'Male' } },
} as const satisfies { kkNumber: FieldPresentation; sex: Record<string, LocalizedText> });

/** Shared JSON Schema fragments. */
export const S = deepFreeze({
  nik: { type: 'string', format: 'nik', description: 'NIK, 16 digits' },
  nikFemale: { type: 'string', format: 'nik-female', description: "a woman's NIK (birth day + 40)" },
  kk: { type: 'string', format: 'kk', description: 'family card (KK) number, 16 digits' },
  pastDate: { type: 'string', format: 'past-date', description: 'YYYY-MM-DD, not in the future' },
  name: { type: 'string', minLength: 1, maxLength: 120, pattern: "^[\\p{L} .,'-]+$" },
  place: text(1, 80),
  regionCode: { type: 'string', format: 'region-code', description: '6-digit province-regency-district code' },
} as const);
