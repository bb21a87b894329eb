/**
 * What a page needs to know about a study beyond its series: its indicators with their labels
 * and value kinds, the waves and geographies the series cover, the labels of questions and
 * options in a language. Derived from the study definition (the single source of truth) and
 * from the series themselves (which waves and countries have estimates).
 */
import {
  applyPiping,
  findQuestion,
  indicatorQuestions,
  MODE_SUBGROUP,
  optionsOf,
  textIn,
  type Indicator,
  type Study,
} from '../src/instrument/index.ts';
import { indicatorScale, type Scale } from '../src/indicators/invariants.ts';
import type { Geography, SeriesChange, SeriesPoint } from '../src/indicators/types.ts';
import { geographyKey, isUiLanguage, modeLevelWord, say, subgroupWord, type UiLanguage } from './i18n.ts';
import { type ValueKind } from './format.ts';

export function valueKind(indicator: Indicator): ValueKind {
  return indicator.kind === 'share' ? 'share' : 'number';
}

export function indicatorRange(indicator: Indicator): { min: number; max: number } | undefined {
  return indicator.kind === 'index' ? indicator.range : undefined;
}

/** The scale of an indicator's values, from the latest instrument that asks its questions (`indicatorScale`). */
export function indicatorScaleIn(study: Study, indicator: Indicator): Scale {
  const questions = indicatorQuestions(indicator);
  const instrument = [...study.instruments].reverse().find((i) => questions.every((q) => findQuestion(i, q)));
  return instrument ? indicatorScale(indicator, instrument) : { min: -Infinity, max: Infinity };
}

/** A text of the definition in `lang`, else in the study's first language. */
export function studyText(study: Study, text: Readonly<Record<string, string>>, lang: UiLanguage): string {
  const first = study.instruments[0]?.languages[0]?.code ?? 'en';
  return text[lang] ?? textIn(text, first);
}

/** The languages the study's instruments are fielded in that the dashboards have words for. */
export function studyLanguages(study: Study): UiLanguage[] {
  const codes = new Set(study.instruments.flatMap((i) => i.languages.map((l) => l.code)));
  const langs = [...codes].filter(isUiLanguage);
  if (langs.length === 0)
    throw new Error(`study ${study.id}: none of its languages (${[...codes].join(', ')}) has dashboard labels`);
  return langs;
}

export interface WaveInfo {
  readonly id: string;
  readonly year: number;
}

/** The waves the series cover, oldest first. */
const wavesMemo = new WeakMap<readonly SeriesPoint[], WaveInfo[]>();
const geographiesMemo = new WeakMap<readonly SeriesPoint[], Geography[]>();

/** `compute(points)`, once per array of points (sources hand out the same array while the data stand). */
function memo<K extends object, T>(cache: WeakMap<K, T>, points: K, compute: () => T): T {
  const hit = cache.get(points);
  if (hit !== undefined) return hit;
  const value = compute();
  cache.set(points, value);
  return value;
}

/** An indicator's points looked up by what views ask for, built once per array of points. */
export interface PointIndex {
  /** The points without a subgroup (the headline estimates). */
  readonly headline: readonly SeriesPoint[];
  /** The headline points of each wave, and of each geography (by its key). */
  readonly headlineByWave: ReadonlyMap<string, readonly SeriesPoint[]>;
  readonly headlineByPlace: ReadonlyMap<string, readonly SeriesPoint[]>;
  /** Every point (subgroups included) of a geography and wave, by `placeWaveKey`. */
  readonly byPlaceWave: ReadonlyMap<string, readonly SeriesPoint[]>;
  /** The keys of the geographies with estimates, and of those with subgroup estimates. */
  readonly known: ReadonlySet<string>;
  readonly withSubgroups: ReadonlySet<string>;
}

export const placeWaveKey = (place: string, wave: string) => `${place}\u0000${wave}`;

const indexMemo = new WeakMap<readonly SeriesPoint[], PointIndex>();
export function pointIndex(points: readonly SeriesPoint[]): PointIndex {
  return memo(indexMemo, points, () => {
    const headline: SeriesPoint[] = [];
    const headlineByWave = new Map<string, SeriesPoint[]>();
    const headlineByPlace = new Map<string, SeriesPoint[]>();
    const byPlaceWave = new Map<string, SeriesPoint[]>();
    const known = new Set<string>();
    const withSubgroups = new Set<string>();
    const push = <K>(m: Map<K, SeriesPoint[]>, k: K, p: SeriesPoint) => {
      const list = m.get(k);
      if (list) list.push(p);
      else m.set(k, [p]);
    };
    for (const p of points) {
      const key = geographyKey(p.geography);
      known.add(key);
      push(byPlaceWave, placeWaveKey(key, p.wave), p);
      if (p.subgroup === null) {
        headline.push(p);
        push(headlineByWave, p.wave, p);
        push(headlineByPlace, key, p);
      } else withSubgroups.add(key);
    }
    return { headline, headlineByWave, headlineByPlace, byPlaceWave, known, withSubgroups };
  });
}

const headlineChangesMemo = new WeakMap<readonly SeriesChange[], readonly SeriesChange[]>();
/** The changes without a subgroup, once per array of changes. */
export function headlineChanges(changes: readonly SeriesChange[]): readonly SeriesChange[] {
  return memo(headlineChangesMemo, changes, () => changes.filter((c) => c.subgroup === null));
}

export function wavesOf(points: readonly SeriesPoint[]): WaveInfo[] {
  return memo(wavesMemo, points, () => computeWaves(points));
}

function computeWaves(points: readonly SeriesPoint[]): WaveInfo[] {
  const m = new Map<string, number>();
  for (const p of points) m.set(p.wave, p.year);
  return [...m].map(([id, year]) => ({ id, year })).sort((a, b) => a.year - b.year || a.id.localeCompare(b.id));
}

/** Every geography in the series: the world, then regions, then countries (each sorted by name). */
export function geographiesOf(points: readonly SeriesPoint[]): Geography[] {
  return memo(geographiesMemo, points, () => computeGeographies(points));
}

function computeGeographies(points: readonly SeriesPoint[]): Geography[] {
  const m = new Map<string, Geography>();
  for (const p of points) m.set(geographyKey(p.geography), p.geography);
  const rank = (g: Geography) => (g.kind === 'world' ? 0 : g.kind === 'region' ? 1 : 2);
  const name = (g: Geography) => (g.kind === 'world' ? '' : g.kind === 'region' ? g.region : g.name);
  return [...m.values()].sort((a, b) => rank(a) - rank(b) || name(a).localeCompare(name(b)));
}

/** The question whose full answer distribution goes with an indicator (shares and means read one question). */
export function distributionQuestion(indicator: Indicator): string | undefined {
  return indicator.kind === 'index' ? undefined : indicator.question;
}

/**
 * A question's wording in `lang` from the latest instrument version that has it, a piped answer
 * read as its fallback ("{{COUNTRY|your country}}" → "your country"): a reader sees no placeholder.
 */
export function questionWording(study: Study, code: string, lang: UiLanguage): string | undefined {
  for (const instrument of [...study.instruments].reverse()) {
    const q = findQuestion(instrument, code);
    if (q && 'text' in q) return applyPiping(studyText(study, q.text, lang), lang, () => undefined);
  }
  return undefined;
}

/** The options of a single-choice question, then its missing codes, labelled in `lang`. */
export function answerOptions(study: Study, code: string, lang: UiLanguage): { code: string; label: string }[] {
  for (const instrument of [...study.instruments].reverse()) {
    const q = findQuestion(instrument, code);
    if (!q) continue;
    const options = optionsOf(q).map((o) => ({ code: o.code, label: studyText(study, o.label, lang) }));
    const missing =
      'missing' in q && Array.isArray(q.missing)
        ? q.missing.filter((m): m is 'dont_know' | 'refused' => m === 'dont_know' || m === 'refused')
        : [];
    return [
      ...options,
      ...missing.map((m) => ({ code: m, label: say(lang, m === 'dont_know' ? 'dontKnow' : 'refused') })),
    ];
  }
  throw new Error(`study ${study.id}: no question ${code}`);
}

/** How a subgroup reads: the name of its variable and of one of its levels, in a language. */
export interface SubgroupLabels {
  readonly variable: (variable: string) => string;
  readonly level: (variable: string, level: string) => string;
}

/** A question's option label in `lang` from the latest instrument version that has it. */
function optionLabel(study: Study, question: string, option: string, lang: UiLanguage): string | undefined {
  for (const instrument of [...study.instruments].reverse()) {
    const q = findQuestion(instrument, question);
    const o = q ? optionsOf(q).find((x) => x.code === option) : undefined;
    if (o) return studyText(study, o.label, lang);
  }
  return undefined;
}

/**
 * The names of subgroups from the study's definition, never their codes: a weighting variable
 * (age_group, sex, education) by the dashboards' word for it, else the wording of its question;
 * a question the indicator is broken down by (CAMPAIGN_SEEN) by its wording; a level by the label
 * of the option it comes from (bins keep their level, "15-29", "65+"). A code the definition does
 * not know reads as itself, and the pages' raw-code scan (test/dashboards/labels.test.ts) fails on it.
 */
export function subgroupLabels(study: Study, lang: UiLanguage): SubgroupLabels {
  const weighting = new Map(study.weightingVariables.map((v) => [v.name, v]));
  return {
    variable: (name) => {
      const known = subgroupWord(lang, name);
      if (known) return known;
      const question = weighting.get(name)?.question ?? name;
      return questionWording(study, question, lang) ?? name;
    },
    level: (name, level) => {
      if (name === MODE_SUBGROUP) return modeLevelWord(lang, level) ?? level;
      const v = weighting.get(name);
      if (v?.from === 'bins') return level;
      const option = v ? Object.entries(v.map).find(([, l]) => l === level)?.[0] : level;
      const missing =
        level === 'dont_know' ? say(lang, 'dontKnow') : level === 'refused' ? say(lang, 'refused') : undefined;
      return (option && optionLabel(study, v?.question ?? name, option, lang)) ?? missing ?? level;
    },
  };
}

export function findIndicator(study: Study, id: string): Indicator | undefined {
  return study.indicators.find((i) => i.id === id);
}
