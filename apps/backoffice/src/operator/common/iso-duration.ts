/**
 * ISO 8601 durations for "stuck longer than": weeks, days, hours, minutes and seconds (`P2D`, `PT30M`, `P1DT12H`,
 * `PT0.5S`). Years and months are refused: their length depends on the calendar, and "stuck longer than a month"
 * would mean different things on different days.
 */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const TIME = 'T(?:[0-9]+H(?:[0-9]+M)?(?:[0-9]+(?:\\.[0-9]+)?S)?|[0-9]+M(?:[0-9]+(?:\\.[0-9]+)?S)?|[0-9]+(?:\\.[0-9]+)?S)';
/** The same durations as a JSON Schema pattern without look-arounds (for the OpenAPI document; tested against the parser). */
export const ISO_DURATION_PATTERN = `^P(?:[0-9]+W(?:[0-9]+D)?(?:${TIME})?|[0-9]+D(?:${TIME})?|${TIME})$`;
const TEN_YEARS = 10 * 365 * 86_400;

/** Seconds in the duration, or null when it is not one we accept. */
export function parseIsoDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [, w, d, h, min, s] = m;
  const seconds = Number(w ?? 0) * 604_800 + Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(min ?? 0) * 60 + Number(s ?? 0);
  // Longer than ten years finds what ten years finds: nothing has been stuck that long (and the SQL interval stays small).
  return Math.min(seconds, TEN_YEARS);
}
