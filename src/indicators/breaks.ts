/**
 * Series breaks: a question whose fingerprint (wording in any language, options, logic) differs
 * between two waves measures something else, so no change is computed across it. The break says
 * which questions changed and what: wording (in which languages), options added, removed or
 * relabelled, the kind, or other parts of the definition.
 */
import type { StoredQuestion } from '../../db/series-shapes.ts';
import { canonicalJson } from '../instrument/index.ts';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : {};
}

function languagesDiffering(a: unknown, b: unknown): string[] {
  const ra = record(a);
  const rb = record(b);
  return [...new Set([...Object.keys(ra), ...Object.keys(rb)])].filter((l) => ra[l] !== rb[l]).sort();
}

function options(q: Record<string, unknown>): Map<string, unknown> {
  const list = Array.isArray(q.options) ? q.options : Array.isArray(q.points) ? q.points : [];
  return new Map(list.map((o) => [String(record(o).code), o]));
}

/** What changed in a question between two waves, in words. */
export function describeQuestionChange(
  code: string,
  from: StoredQuestion | undefined,
  to: StoredQuestion | undefined,
): string {
  if (!from || !to) return `${code}: ${from ? 'not asked in the later wave' : 'not asked in the earlier wave'}`;
  const a = record(from.question);
  const b = record(to.question);
  const parts: string[] = [];
  if (a.kind !== b.kind) parts.push(`kind ${String(a.kind)} → ${String(b.kind)}`);
  const wording = languagesDiffering(a.text, b.text);
  if (wording.length > 0) parts.push(`wording changed (${wording.join(', ')})`);
  const oa = options(a);
  const ob = options(b);
  const added = [...ob.keys()].filter((k) => !oa.has(k));
  const removed = [...oa.keys()].filter((k) => !ob.has(k));
  const relabelled = [...oa.keys()].filter((k) => ob.has(k) && canonicalJson(oa.get(k)) !== canonicalJson(ob.get(k)));
  if (added.length) parts.push(`options added: ${added.join(', ')}`);
  if (removed.length) parts.push(`options removed: ${removed.join(', ')}`);
  if (relabelled.length) parts.push(`options changed: ${relabelled.join(', ')}`);
  const order = [...oa.keys()].filter((k) => ob.has(k)).join(',') !== [...ob.keys()].filter((k) => oa.has(k)).join(',');
  if (order) parts.push('option order changed');
  const skip = new Set(['kind', 'text', 'options', 'points']);
  const other = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => !skip.has(k) && canonicalJson(a[k]) !== canonicalJson(b[k]))
    .sort();
  if (other.length) parts.push(`${other.join(', ')} changed`);
  return `${code}: ${parts.length > 0 ? parts.join('; ') : 'definition changed'}`;
}

/** The break between two waves for these questions, or null when every fingerprint is the same. */
export function seriesBreak(
  codes: readonly string[],
  from: Readonly<Record<string, StoredQuestion>>,
  to: Readonly<Record<string, StoredQuestion>>,
): { questions: string[]; what: string } | null {
  const changed = codes.filter((c) => from[c]?.fingerprint !== to[c]?.fingerprint);
  if (changed.length === 0) return null;
  return { questions: changed, what: changed.map((c) => describeQuestionChange(c, from[c], to[c])).join('. ') };
}
