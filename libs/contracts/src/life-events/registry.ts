import { birth } from './birth';
import { death } from './death';
import { marriage } from './marriage';
import { relocation } from './relocation';
import { scholarship } from './scholarship';

/**
 * Every life event, one module each (one file in this folder holds all about it: its versions, retention, the names
 * of the numbers it issues, its demo scenarios). Adding a life event is its file and one line here; the type list,
 * the catalog, retention, reference names and the web pages' lists all follow from this one.
 */
export const LIFE_EVENTS = [birth, death, relocation, scholarship, marriage] as const;

export type LifeEventType = (typeof LIFE_EVENTS)[number]['type'];
export const LIFE_EVENT_TYPES: readonly LifeEventType[] = Object.freeze(LIFE_EVENTS.map((m) => m.type));
