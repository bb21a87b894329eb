/**
 * The summary of a weighting run's warnings that `barometer weight` ends with: one line per kind
 * of warning, with how many countries and warnings it has and the countries by count
 * (`sparse_cell  12 countries  41 warnings  ARG 5, BRA 3, …`). Each warning's own line is
 * printed with `--verbose`, and every warning is stored with the run.
 */
import type { WeightingWarning } from '../indicators/index.ts';

/** How many countries a kind's line names before "and N more". */
const SHOWN = 12;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The summary lines of `warnings` (none when there are none). */
export function weightingWarningSummary(warnings: readonly WeightingWarning[]): string[] {
  if (warnings.length === 0) return [];
  const byKind = new Map<string, Map<string, number>>();
  for (const w of warnings) {
    const countries = byKind.get(w.code) ?? new Map<string, number>();
    const where = w.country ?? 'no country';
    countries.set(where, (countries.get(where) ?? 0) + 1);
    byKind.set(w.code, countries);
  }
  const rows = [...byKind].map(([kind, countries]) => {
    const total = [...countries.values()].reduce((a, b) => a + b, 0);
    const sorted = [...countries].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    const named = sorted.slice(0, SHOWN).map(([c, n]) => `${c} ${n}`);
    const more = sorted.length > SHOWN ? `, and ${sorted.length - SHOWN} more` : '';
    return { kind, total, countries: countries.size, where: `${named.join(', ')}${more}` };
  });
  rows.sort((a, b) => b.total - a.total || (a.kind < b.kind ? -1 : 1));
  const width = Math.max(4, ...rows.map((r) => r.kind.length));
  return [
    `warnings by kind: ${plural(warnings.length, 'warning')} of ${plural(rows.length, 'kind')} (--verbose prints each one; all are stored with the run)`,
    `  ${'kind'.padEnd(width)}  countries  warnings  country (warnings)`,
    ...rows.map(
      (r) => `  ${r.kind.padEnd(width)}  ${String(r.countries).padEnd(9)}  ${String(r.total).padEnd(8)}  ${r.where}`,
    ),
  ];
}
