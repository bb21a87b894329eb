/**
 * Content fingerprints: `sha256:<hex>` over canonical JSON (object keys sorted, `undefined`
 * dropped, array order kept).
 *
 * - `instrumentFingerprint`: everything in the parsed definition (codes, wording in every
 *   language, options, logic, randomisation, required flags, languages). A wave pins it; an
 *   instrument a wave has opened with must not change.
 * - `questionFingerprint`: what defines the measurement — code, kind, wording (text, help,
 *   unit, option/item labels) in every language, option codes/values/order/exclusivity, ranges
 *   and selection limits, offered missing codes, and logic (the question's, its options' and
 *   its block's conditions). NOT included: `required`, randomisation flags and anchors, the
 *   block it sits in, other questions. A trend compares question fingerprints across waves:
 *   a difference is a series break.
 */
import { createHash } from 'node:crypto';
import type { Instrument } from './instrument.ts';
import { questionIndex } from './instrument.ts';
import type { Question } from './questions.ts';
import type { Condition } from './condition.ts';

/** JSON with object keys sorted at every level and `undefined` members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** `sha256:<64 hex>` of the canonical JSON of `value`. */
export function fingerprintOf(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex')}`;
}

const instrumentCache = new WeakMap<Instrument, string>();

/** The fingerprint of a whole instrument version. */
export function instrumentFingerprint(instrument: Instrument): string {
  const cached = instrumentCache.get(instrument);
  if (cached) return cached;
  const fp = fingerprintOf({ fingerprint: 'instrument/1', instrument });
  if (Object.isFrozen(instrument)) instrumentCache.set(instrument, fp);
  return fp;
}

const NOT_MEASUREMENT = new Set(['required', 'randomize', 'randomizeItems']);

function withoutKeys(value: unknown, keys: ReadonlySet<string>): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.has(k)));
}

/** The measurement-defining content of a question (see the module comment). */
export function measurementContent(question: Question, blockShowIf?: Condition): unknown {
  const anchor = new Set(['anchor']);
  const content = Object.fromEntries(
    Object.entries(question)
      .filter(([key]) => !NOT_MEASUREMENT.has(key))
      .map(([key, value]) => [
        key,
        (key === 'options' || key === 'scale') && Array.isArray(value)
          ? value.map((o: unknown) => withoutKeys(o, anchor))
          : value,
      ]),
  );
  return { ...content, blockShowIf };
}

/** The fingerprint of one question of an instrument. */
export function questionFingerprint(instrument: Instrument, code: string): string {
  const place = questionIndex(instrument).get(code);
  if (!place) throw new Error(`${instrument.id}@${instrument.version} has no question ${code}`);
  return fingerprintOf({ fingerprint: 'question/1', content: measurementContent(place.question, place.block.showIf) });
}

/** Every question's fingerprint, by code. */
export function questionFingerprints(instrument: Instrument): Record<string, string> {
  return Object.fromEntries(
    [...questionIndex(instrument).keys()].map((code) => [code, questionFingerprint(instrument, code)]),
  );
}
