/** Choosing the respondent's language and describing their device. */
import type { Instrument } from '../instrument/instrument.ts';

/**
 * The language to show: the one asked for by parameter if the instrument has
 * it, else the best match of `Accept-Language` (by q-value, then exact tag,
 * then primary subtag), else the instrument's first language.
 */
export function chooseLanguage(
  instrument: Instrument,
  requested: string | undefined,
  acceptLanguage: string | undefined,
): string {
  const codes = instrument.languages.map((l) => l.code);
  const fallback = codes[0];
  if (fallback === undefined) throw new Error(`instrument ${instrument.id} has no language`);
  const match = (tag: string): string | undefined => {
    const lower = tag.toLowerCase();
    return codes.find((c) => c.toLowerCase() === lower) ?? codes.find((c) => c.toLowerCase() === lower.split('-')[0]);
  };
  if (requested) {
    const hit = match(requested);
    if (hit) return hit;
  }
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .slice(0, 20)
      .map((part, i) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        const weight = q ? Number(q.slice(2)) : 1;
        return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, i };
      })
      .filter((x) => x.tag !== '' && x.tag !== '*' && x.weight > 0)
      .sort((a, b) => b.weight - a.weight || a.i - b.i);
    for (const { tag } of ranked) {
      const hit = match(tag);
      if (hit) return hit;
    }
  }
  return fallback;
}

export type DeviceClass = 'mobile' | 'tablet' | 'desktop' | 'unknown';

/** A coarse device class from the User-Agent, recorded as paradata. */
export function deviceClass(userAgent: string | undefined): DeviceClass {
  if (!userAgent) return 'unknown';
  if (/iPad|Tablet|PlayBook|Silk|(Android(?!.*Mobile))/i.test(userAgent)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android|Windows Phone|Opera Mini/i.test(userAgent)) return 'mobile';
  if (/Windows|Macintosh|X11|Linux|CrOS/i.test(userAgent)) return 'desktop';
  return 'unknown';
}
