/**
 * Undeclared series breaks: an instrument version that changes the wording or the answer options
 * of a question an indicator reads, without the indicator declaring the break
 * (`seriesBreaks: [{ version, reason }]`, indicators.ts). The trend crosses it all the same (the
 * codebook and the series mark it from the fingerprints), so `barometer lint` warns: a reworded
 * question should be a decision, stated with its reason, not an accident.
 */
import type { DefinitionIssue } from './errors.ts';
import { canonicalJson } from './fingerprint.ts';
import { indicatorQuestions, type Indicator } from './indicators.ts';
import { findQuestion, instrumentRef, type Instrument } from './instrument.ts';
import { optionsOf, type Question } from './questions.ts';

/** Compares two versions like "2" and "2.1" segment by segment, numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** What of a question's wording and answer options changed between two versions, in words (empty: nothing). */
export function wordingOrOptionsChange(from: Question, to: Question): string[] {
  const changes: string[] = [];
  const langs = [...new Set([...Object.keys(from.text), ...Object.keys(to.text)])].sort();
  const reworded = langs.filter((l) => from.text[l] !== to.text[l]);
  if (reworded.length > 0) changes.push(`wording changed (${reworded.join(', ')})`);
  if (canonicalJson(optionsOf(from)) !== canonicalJson(optionsOf(to))) changes.push('answer options changed');
  const items = (q: Question) => (q.kind === 'grid' ? q.items : []);
  if (canonicalJson(items(from)) !== canonicalJson(items(to))) changes.push('grid items changed');
  return changes;
}

/** The versions of an indicator's declared breaks that name no instrument version of the study (errors). */
export function checkDeclaredBreaks(
  indicator: Indicator,
  instruments: readonly Instrument[],
  root: string,
): DefinitionIssue[] {
  const versions = new Set(instruments.map((i) => i.version));
  return (indicator.seriesBreaks ?? []).flatMap((b, i) =>
    versions.has(b.version)
      ? []
      : [
          {
            code: 'invalid_indicator' as const,
            path: `${root}.indicators[${indicator.id}].seriesBreaks[${i}].version`,
            message: `indicator ${indicator.id} declares a series break at version ${b.version}, which the study does not define (versions: ${[...versions].join(', ')})`,
          },
        ],
  );
}

/**
 * One warning per indicator, question and version that changes the question's wording or answer
 * options from the previous version asking it, when the indicator declares no break at that version.
 */
export function undeclaredSeriesBreaks(study: {
  readonly id: string;
  readonly instruments: readonly Instrument[];
  readonly indicators: readonly Indicator[];
}): DefinitionIssue[] {
  const root = `study(${study.id})`;
  const ordered = [...study.instruments].sort((a, b) => compareVersions(a.version, b.version));
  const warnings: DefinitionIssue[] = [];
  for (const indicator of study.indicators) {
    const declared = new Set((indicator.seriesBreaks ?? []).map((b) => b.version));
    for (const code of new Set(indicatorQuestions(indicator))) {
      let previous: { instrument: Instrument; question: Question } | undefined;
      for (const instrument of ordered) {
        const question = findQuestion(instrument, code);
        if (!question) continue;
        const changes = previous ? wordingOrOptionsChange(previous.question, question) : [];
        if (previous && changes.length > 0 && !declared.has(instrument.version))
          warnings.push({
            code: 'undeclared_series_break',
            path: `${root}.indicators[${indicator.id}].seriesBreaks`,
            question: code,
            message: `${instrumentRef(instrument)} changes ${code} from ${instrumentRef(previous.instrument)} (${changes.join('; ')}), a series break of indicator ${indicator.id} that it does not declare: add seriesBreaks: [{ version: '${instrument.version}', reason: '…' }] to the indicator (or keep the question as it was)`,
          });
        previous = { instrument, question };
      }
    }
  }
  return warnings;
}
