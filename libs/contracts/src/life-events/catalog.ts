import type { LocalizedText } from '../status';
import { LIFE_EVENTS, LIFE_EVENT_TYPES, type LifeEventType } from './registry';
import type { LifeEventDefinition, StepDefinition } from './types';

/**
 * Every definition version that may still be running, from the life-event modules (registry.ts). A new version is
 * added to its module, never edited in place: an application keeps the version it started with; new applications
 * take the highest.
 */
export const DEFINITIONS: readonly LifeEventDefinition[] = Object.freeze(LIFE_EVENTS.flatMap((m): readonly LifeEventDefinition[] => m.versions));

/**
 * The numbers agencies issue that a citizen keeps (step outputs by name), with their names in both languages: every
 * life event's `references`, in the order of the modules (the first module to name an output names it).
 */
export const REFERENCE_LABELS: Readonly<Record<string, LocalizedText>> = Object.freeze(referenceLabels());

function referenceLabels(): Record<string, LocalizedText> {
  const labels: Record<string, LocalizedText> = {};
  for (const [key, label] of LIFE_EVENTS.flatMap((m) => Object.entries(m.references))) labels[key] ??= label;
  return labels;
}

export function isLifeEventType(value: unknown): value is LifeEventType {
  return typeof value === 'string' && (LIFE_EVENT_TYPES as readonly string[]).includes(value);
}

export function definitionFor(type: LifeEventType, version: number): LifeEventDefinition | undefined {
  return DEFINITIONS.find((d) => d.type === type && d.version === version);
}

export function currentDefinition(type: LifeEventType): LifeEventDefinition {
  const versions = DEFINITIONS.filter((d) => d.type === type);
  return versions.reduce((a, b) => (b.version > a.version ? b : a));
}

/** The newest version of each life event: what new applications use and the catalog shows. */
export function currentDefinitions(): LifeEventDefinition[] {
  return LIFE_EVENT_TYPES.map(currentDefinition);
}

/** Checks that a definition is sound; returns the faults, empty when sound. */
export function definitionFaults(def: LifeEventDefinition): string[] {
  const faults: string[] = [];
  const at = `${def.type} v${def.version}`;
  const ids = new Set<string>();
  for (const step of def.steps) {
    if (ids.has(step.id)) faults.push(`${at}: step id "${step.id}" is used twice`);
    ids.add(step.id);
  }
  for (const step of def.steps) {
    const where = `${at}: step "${step.id}"`;
    for (const dep of step.dependsOn) if (!ids.has(dep)) faults.push(`${where} depends on unknown step "${dep}"`);
    if (!step.action && !step.officerDecision) faults.push(`${where} has neither an action nor an officer decision`);
    if (step.action && !step.action.startsWith(`${step.agency}.`)) faults.push(`${where} calls ${step.action}, not an action of ${step.agency}`);
    if (step.compensation && !step.compensation.action.startsWith(`${step.agency}.`)) faults.push(`${where} is compensated by another agency's action`);
    if (step.when === 'LATE_REPORT' && !def.reportingDeadline) faults.push(`${where} runs on late reports, but the life event has no reporting deadline`);
    if (step.slaHours <= 0 || step.startToCloseSeconds <= 0) faults.push(`${where} needs a positive SLA and timeout`);
    if (step.integration && !step.action) faults.push(`${where} is asynchronous but calls no agency`);
    if (step.integration && step.integration.callbackTimeoutHours <= 0) faults.push(`${where} needs a positive callback timeout`);
    for (const input of step.inputs) {
      const [source, name] = input.split('.');
      if (source === 'steps' && !transitiveDeps(def, step.id).has(name)) {
        faults.push(`${where} reads "${input}" from a step it does not follow`);
      } else if (source !== 'steps' && source !== 'application') {
        faults.push(`${where} has input "${input}" from unknown source`);
      }
    }
  }
  const paths = schemaPaths(def.dataSchema.properties);
  for (const path of paths) if (!def.fields[path]) faults.push(`${at}: field "${path}" has no label (fields)`);
  for (const path of Object.keys(def.fields)) if (!paths.includes(path)) faults.push(`${at}: fields names "${path}", which the data schema does not have`);
  if (faults.length === 0 && def.steps.some((step) => transitiveDeps(def, step.id).has(step.id))) faults.push(`${at}: the step graph has a cycle`);
  return faults;
}

/** Every property of a data schema by its dotted path, objects and what they hold. */
function schemaPaths(properties: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(properties).flatMap(([key, schema]) => {
    const nested = (schema as { properties?: Record<string, unknown> }).properties;
    return [prefix + key, ...(nested ? schemaPaths(nested, `${prefix}${key}.`) : [])];
  });
}

/** Every fault of every definition; services refuse to start when this is not empty. */
export function catalogFaults(definitions: readonly LifeEventDefinition[] = DEFINITIONS): string[] {
  const faults = definitions.flatMap(definitionFaults);
  for (const type of LIFE_EVENT_TYPES) {
    if (!definitions.some((d) => d.type === type)) faults.push(`${type}: no definition`);
  }
  return faults;
}

/** A broken life-event definition refuses to start, naming the fault. */
export function assertCatalogSound(definitions: readonly LifeEventDefinition[] = DEFINITIONS): void {
  const faults = catalogFaults(definitions);
  if (faults.length > 0) throw new Error(`life-event catalog is broken:\n  ${faults.join('\n  ')}`);
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

export function readPath(source: unknown, path: string[]): unknown {
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

const DAY_MS = 86_400_000;

/** Whether the event was reported after its statutory deadline, counted in whole days from the event date. */
export function isLateReport(def: LifeEventDefinition, data: Record<string, unknown>, reportedAt: Date): boolean {
  if (!def.reportingDeadline) return false;
  const date = readPath(data, def.reportingDeadline.dateField.split('.'));
  if (typeof date !== 'string') return false;
  const eventDay = Date.parse(`${date}T00:00:00Z`);
  const reportDay = Date.parse(`${reportedAt.toISOString().slice(0, 10)}T00:00:00Z`);
  return Number.isFinite(eventDay) && (reportDay - eventDay) / DAY_MS > def.reportingDeadline.days;
}

/** Fields the citizen must give, as dotted paths, for the catalog. */
export function requiredFields(def: LifeEventDefinition): string[] {
  const out: string[] = [];
  const walk = (schema: { required?: string[]; properties?: Record<string, unknown> }, prefix: string) => {
    for (const name of schema.required ?? []) {
      const child = schema.properties?.[name] as { type?: string; required?: string[]; properties?: Record<string, unknown> } | undefined;
      if (child?.type === 'object') walk(child, `${prefix}${name}.`);
      else out.push(`${prefix}${name}`);
    }
  };
  walk(def.dataSchema, '');
  return out;
}
