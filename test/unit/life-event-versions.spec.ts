import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFINITIONS, LIFE_EVENTS, LIFE_EVENT_TYPES, RETENTION, REFERENCE_LABELS, type LifeEventDefinition } from '@simpul/contracts';

/**
 * Published life-event versions are frozen and self-contained: an application keeps the version it started with, so
 * no edit (in place, or through an object another version shares) may change one. test/fixtures/definitions holds
 * each version as it was published; a new version is added with its fixture, an old one never changes.
 */
const FIXTURES = join(__dirname, '..', 'fixtures', 'definitions');
const fixtureName = (d: LifeEventDefinition) => `${d.type.toLowerCase()}-v${d.version}.json`;

/** Every object a value holds (itself included), by identity. */
function objectsOf(value: unknown, into = new Set<object>()): Set<object> {
  if (value !== null && typeof value === 'object' && !into.has(value)) {
    into.add(value);
    for (const child of Object.values(value)) objectsOf(child, into);
  }
  return into;
}

describe('published life-event versions', () => {
  it.each(DEFINITIONS.map((d) => [`${d.type} v${d.version}`, d] as const))('%s is what was published (test/fixtures/definitions)', (_name, def) => {
    const file = join(FIXTURES, fixtureName(def));
    if (!existsSync(file)) throw new Error(`no fixture ${fixtureName(def)}: a new version is published with its fixture (JSON.stringify of the version)`);
    expect(JSON.parse(JSON.stringify(def))).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it('keeps every published version (a fixture without its version means a running version was removed)', () => {
    expect(readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort()).toEqual(DEFINITIONS.map(fixtureName).sort());
  });

  it.each(DEFINITIONS.map((d) => [`${d.type} v${d.version}`, d] as const))('%s is deeply frozen', (_name, def) => {
    const mutable = [...objectsOf(def)].filter((o) => !Object.isFrozen(o));
    expect(mutable).toEqual([]);
    expect(() => {
      (def.steps[0] as { slaHours: number }).slaHours = 1;
    }).toThrow(TypeError);
  });

  it('no two versions share a mutable object', () => {
    const seen = new Map<object, string>();
    const shared: string[] = [];
    for (const def of DEFINITIONS) {
      for (const o of objectsOf(def)) {
        const other = seen.get(o);
        if (other && !Object.isFrozen(o)) shared.push(`${other} and ${def.type} v${def.version}`);
        seen.set(o, `${def.type} v${def.version}`);
      }
    }
    expect(shared).toEqual([]);
  });
});

describe('life-event modules', () => {
  it('derive the type list, retention and reference names from the modules', () => {
    expect(LIFE_EVENT_TYPES).toEqual(LIFE_EVENTS.map((m) => m.type));
    expect(new Set(LIFE_EVENT_TYPES).size).toBe(LIFE_EVENT_TYPES.length);
    for (const m of LIFE_EVENTS) {
      expect(RETENTION[m.type]).toBe(m.retention);
      for (const key of Object.keys(m.references)) expect(REFERENCE_LABELS[key]).toEqual(expect.objectContaining({ id: expect.any(String), en: expect.any(String) }));
    }
  });

  it('hold every version of their own type, each once', () => {
    for (const m of LIFE_EVENTS) {
      expect(m.versions.length).toBeGreaterThan(0);
      expect(m.versions.every((v) => v.type === m.type)).toBe(true);
      expect(new Set(m.versions.map((v) => v.version)).size).toBe(m.versions.length);
    }
  });
});
