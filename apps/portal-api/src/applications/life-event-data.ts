import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { currentDefinitions, kkProblem, nikProblem, readPath, sexOfNik, type LifeEventType } from '@simpul/contracts';
import { validationProblem } from '@simpul/http';
import { regionProblem } from '@simpul/regions';

/** Simpul's formats, with the reason each value fails, so errors say what is wrong with the field. */
const FORMATS: Record<string, (value: string) => string | null> = {
  nik: (v) => nikProblem(v),
  'nik-female': (v) => nikProblem(v) ?? (sexOfNik(v) === 'F' ? null : "must be a woman's NIK (birth day + 40)"),
  kk: (v) => kkProblem(v),
  'past-date': (v) => dateProblem(v) ?? (Date.parse(`${v}T00:00:00Z`) > Date.now() ? 'must not be in the future' : null),
  date: (v) => dateProblem(v),
  'region-code': (v) => (/^\d{6}$/.test(v) && v.slice(0, 2) !== '00' ? null : 'must be a 6-digit province-regency-district code'),
};

function dateProblem(v: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'must be a date as YYYY-MM-DD';
  const d = new Date(`${v}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v ? 'must be a real calendar date' : null;
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
for (const [name, problem] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate: (v: string) => problem(v) === null });

/** One compiled validator per life event, from the JSON Schema in its current definition (the catalog's). */
const validators = new Map<LifeEventType, ValidateFunction>(currentDefinitions().map((def) => [def.type, ajv.compile(def.dataSchema)]));

function toFieldError(error: ErrorObject, data: unknown): { field: string; message: string } {
  const path = error.instancePath.split('/').filter(Boolean);
  if (error.keyword === 'required') {
    const name = (error.params as { missingProperty: string }).missingProperty;
    return { field: ['data', ...path, name].join('.'), message: `${name} is required` };
  }
  if (error.keyword === 'additionalProperties') {
    const name = (error.params as { additionalProperty: string }).additionalProperty;
    return { field: ['data', ...path, name].join('.'), message: `${name} is not allowed` };
  }
  const field = ['data', ...path].join('.');
  const name = path[path.length - 1] ?? 'data';
  if (error.keyword === 'format') {
    const format = (error.params as { format: string }).format;
    const value = readPath(data, path);
    const reason = typeof value === 'string' ? FORMATS[format]?.(value) : 'must be a string';
    return { field, message: `${name} ${reason ?? `must be a valid ${format}`}` };
  }
  return { field, message: `${name} ${error.message ?? 'is invalid'}` };
}

/** Fields whose leading digits are a region code, checked against the Ministry of Home Affairs' area reference. */
const REGION_FIELDS = ['kkNumber', 'destinationRegionCode'] as const;

/** The region codes in well-formed data that the area reference does not know (the application's region comes from them). */
function regionErrors(data: Record<string, unknown>): Array<{ field: string; message: string }> {
  return REGION_FIELDS.flatMap((name) => {
    const value = data[name];
    const problem = typeof value === 'string' ? regionProblem(value) : null;
    return problem ? [{ field: `data.${name}`, message: `${name} ${problem}` }] : [];
  });
}

/** Validates `data` against its life event's schema and its region codes against the reference; errors name fields as `data.<path>`. */
export function validateLifeEventData(lifeEvent: LifeEventType, data: Record<string, unknown>): Record<string, unknown> {
  const validate = validators.get(lifeEvent);
  if (!validate) throw new Error(`no validator for ${lifeEvent}`);
  const errors = validate(data) ? regionErrors(data) : (validate.errors ?? []).map((e) => toFieldError(e, data));
  if (errors.length > 0) {
    throw validationProblem(errors);
  }
  return data;
}
