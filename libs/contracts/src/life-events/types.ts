import type { AgencyId } from '../agencies';
import type { LocalizedText } from '../status';
import { SAFE_TEXT_PATTERN } from '../text';

/**
 * Life events as declarative definitions: pure data (and JSON Schema), imported by workflow code, so this folder
 * stays deterministic and free of I/O.
 */
export const LIFE_EVENT_TYPES = ['BIRTH', 'DEATH', 'RELOCATION', 'SCHOLARSHIP'] as const;
export type LifeEventType = (typeof LIFE_EVENT_TYPES)[number];

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

export interface LifeEventDefinition {
  type: LifeEventType;
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

/** Retry of agency calls: no attempt limit, so an agency that stays down delays an application but never loses it. */
export const AGENCY_RETRY: RetryDefinition = { initialIntervalSeconds: 1, maximumIntervalSeconds: 60, backoffCoefficient: 2 };

/** Free text (an address, a place): any characters but those the one text rule refuses (see ../text.ts). */
export function text(minLength: number, maxLength: number): { type: 'string'; minLength: number; maxLength: number; pattern: string } {
  return { type: 'string', minLength, maxLength, pattern: SAFE_TEXT_PATTERN };
}

/** Labels shared by several life events. */
export const FIELD_LABELS = {
  kkNumber: { label: { id: 'Nomor Kartu Keluarga (KK)', en: 'Family card (KK) number' }, prefill: 'familyCard.kkNumber' },
  sex: { F: { id: 'Perempuan', en: 'Female' }, M: { id: 'Laki-laki', en: 'Male' } },
} as const satisfies { kkNumber: FieldPresentation; sex: Record<string, LocalizedText> };

/** Shared JSON Schema fragments. */
export const S = {
  nik: { type: 'string', format: 'nik', description: 'NIK, 16 digits' },
  nikFemale: { type: 'string', format: 'nik-female', description: "a woman's NIK (birth day + 40)" },
  kk: { type: 'string', format: 'kk', description: 'family card (KK) number, 16 digits' },
  pastDate: { type: 'string', format: 'past-date', description: 'YYYY-MM-DD, not in the future' },
  name: { type: 'string', minLength: 1, maxLength: 120, pattern: "^[\\p{L} .,'-]+$" },
  place: text(1, 80),
  regionCode: { type: 'string', format: 'region-code', description: '6-digit province-regency-district code' },
} as const;
