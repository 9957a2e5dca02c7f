import type { AgencyId } from './agencies';
import type { LocalizedText } from './status';

/**
 * Life events as declarative definitions. Pure data plus pure functions: this file is imported by workflow code,
 * so it must stay deterministic and free of I/O.
 */
export const LIFE_EVENT_TYPES = ['BIRTH'] as const;
export type LifeEventType = (typeof LIFE_EVENT_TYPES)[number];

export interface RetryDefinition {
  initialIntervalSeconds: number;
  maximumIntervalSeconds: number;
  backoffCoefficient: number;
}

export interface StepDefinition {
  id: string;
  agency: AgencyId;
  /** Activity name on the agency's task queue, `<agency>.<action>`. */
  action: string;
  title: LocalizedText;
  dependsOn: string[];
  /** What the agency receives, and nothing else: `application.<field>` or `steps.<stepId>.<output>`. */
  inputs: string[];
  /** When the agency answers NEEDS_OFFICER, an officer decides; on approval this follow-up action records the grant. */
  officerDecision?: { followUpAction: string };
  /** A business rejection of this step rejects the whole application, or only this step. */
  onReject: 'REJECT_APPLICATION' | 'CONTINUE';
  startToCloseSeconds: number;
  retry: RetryDefinition;
  slaHours: number;
}

export interface LifeEventDefinition {
  type: LifeEventType;
  version: number;
  title: LocalizedText;
  steps: StepDefinition[];
}

const agencyRetry: RetryDefinition = { initialIntervalSeconds: 1, maximumIntervalSeconds: 60, backoffCoefficient: 2 };

export const BIRTH_V1: LifeEventDefinition = {
  type: 'BIRTH',
  version: 1,
  title: { id: 'Kelahiran', en: 'Birth' },
  steps: [
    {
      id: 'register-birth',
      agency: 'civil-registry',
      action: 'civil-registry.registerBirth',
      title: { id: 'Pencatatan kelahiran dan akta', en: 'Birth registration and certificate' },
      dependsOn: [],
      inputs: [
        'application.motherNik',
        'application.fatherNik',
        'application.kkNumber',
        'application.child.name',
        'application.child.sex',
        'application.child.birthDate',
        'application.child.birthPlace',
      ],
      onReject: 'REJECT_APPLICATION',
      startToCloseSeconds: 30,
      retry: agencyRetry,
      slaHours: 24,
    },
    {
      id: 'enrol-newborn',
      agency: 'bpjs-health',
      action: 'bpjs-health.enrolNewborn',
      title: { id: 'Pendaftaran bayi baru lahir ke JKN', en: 'Newborn health insurance enrolment' },
      dependsOn: ['register-birth'],
      inputs: ['application.motherNik', 'steps.register-birth.childNik', 'steps.register-birth.kkNumber'],
      onReject: 'CONTINUE',
      startToCloseSeconds: 30,
      retry: agencyRetry,
      slaHours: 72,
    },
    {
      id: 'assess-family',
      agency: 'social-aid',
      action: 'social-aid.assessFamily',
      title: { id: 'Pemutakhiran data kesejahteraan dan PKH', en: 'Welfare register update and PKH assessment' },
      dependsOn: ['register-birth'],
      inputs: ['steps.register-birth.kkNumber', 'steps.register-birth.childNik'],
      officerDecision: { followUpAction: 'social-aid.grantEarlyChildhoodBenefit' },
      onReject: 'CONTINUE',
      startToCloseSeconds: 30,
      retry: agencyRetry,
      slaHours: 120,
    },
  ],
};

export const LIFE_EVENTS: Record<LifeEventType, LifeEventDefinition> = { BIRTH: BIRTH_V1 };

export function isLifeEventType(value: unknown): value is LifeEventType {
  return typeof value === 'string' && (LIFE_EVENT_TYPES as readonly string[]).includes(value);
}

/** Checks that a definition is a well-formed graph; returns the faults, empty when sound. */
export function definitionFaults(def: LifeEventDefinition): string[] {
  const faults: string[] = [];
  const ids = new Set<string>();
  for (const step of def.steps) {
    if (ids.has(step.id)) faults.push(`${def.type} v${def.version}: step id "${step.id}" is used twice`);
    ids.add(step.id);
  }
  for (const step of def.steps) {
    for (const dep of step.dependsOn) {
      if (!ids.has(dep)) faults.push(`${def.type} v${def.version}: step "${step.id}" depends on unknown step "${dep}"`);
    }
    for (const input of step.inputs) {
      const [source, name] = input.split('.');
      if (source === 'steps' && !transitiveDeps(def, step.id).has(name)) {
        faults.push(`${def.type} v${def.version}: step "${step.id}" reads "${input}" from a step it does not follow`);
      } else if (source !== 'steps' && source !== 'application') {
        faults.push(`${def.type} v${def.version}: step "${step.id}" has input "${input}" from unknown source`);
      }
    }
  }
  if (faults.length === 0 && hasCycle(def)) faults.push(`${def.type} v${def.version}: the step graph has a cycle`);
  return faults;
}

function transitiveDeps(def: LifeEventDefinition, stepId: string, seen = new Set<string>()): Set<string> {
  const step = def.steps.find((s) => s.id === stepId);
  for (const dep of step?.dependsOn ?? []) {
    if (!seen.has(dep)) {
      seen.add(dep);
      transitiveDeps(def, dep, seen);
    }
  }
  return seen;
}

function hasCycle(def: LifeEventDefinition): boolean {
  return def.steps.some((step) => transitiveDeps(def, step.id).has(step.id));
}

function readPath(source: unknown, path: string[]): unknown {
  let value: unknown = source;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Builds what one step sends to its agency: only the declared inputs, named by their last path segment
 * (`application.child.name` becomes `name`). Missing optional values are left out.
 */
export function selectStepInput(
  step: StepDefinition,
  application: Record<string, unknown>,
  outputs: Record<string, Record<string, string>>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const ref of step.inputs) {
    const [source, ...path] = ref.split('.');
    const value = source === 'application' ? readPath(application, path) : readPath(outputs, path);
    if (value !== undefined && value !== null) input[path[path.length - 1]] = value;
  }
  return input;
}
