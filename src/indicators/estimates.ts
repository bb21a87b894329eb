/**
 * Per country: every indicator of the study × (all adults, and each level of each subgroup
 * variable) as estimation cells, and the weighted answer distribution of every single-choice
 * question. Subgroups are the study's weighting variables (age group, sex, education) plus the
 * questions an indicator names in `by` (e.g. campaign awareness), when the wave's instrument has them.
 */
import {
  conditionReferences,
  findQuestion,
  indicatorReferenceValue,
  isMissing,
  optionsOf,
  scoreIndicator,
  weightingLevel,
  weightingLevels,
  type Answers,
  type Condition,
  type Indicator,
  type Instrument,
  type ResponseMode,
  type Study,
  MODE_SUBGROUP,
  RESPONSE_MODES,
} from '../instrument/index.ts';
import type { SurveyDesign } from '../stats/index.ts';
import { domainCells, EMPTY_CELL, type Cell, type Domain } from './cells.ts';
import { at } from '../stats/checked.ts';

export interface SubgroupVariable {
  readonly name: string;
  /** The question the levels come from. */
  readonly question: string;
  readonly levels: readonly string[];
  level(answers: Readonly<Answers>, mode: ResponseMode): string | undefined;
}

/** Key of a domain: '' for all adults, else `variable=level`. */
export function domainKey(variable: string | null, level: string | null): string {
  return variable === null ? '' : `${variable}=${level ?? ''}`;
}

/** The subgroup variables of an indicator in a wave's instrument. */
export function subgroupVariables(study: Study, indicator: Indicator, instrument: Instrument): SubgroupVariable[] {
  const out: SubgroupVariable[] = study.weightingVariables
    .filter((v) => findQuestion(instrument, v.question) !== undefined)
    .map((v) => ({
      name: v.name,
      question: v.question,
      levels: weightingLevels(v),
      level: (a: Readonly<Answers>) => weightingLevel(v, a[v.question]),
    }));
  for (const code of indicator.by) {
    if (code === MODE_SUBGROUP) {
      // Not a question: each response's mode of collection (web, phone, face_to_face).
      out.push({ name: MODE_SUBGROUP, question: MODE_SUBGROUP, levels: RESPONSE_MODES, level: (_, mode) => mode });
      continue;
    }
    const q = findQuestion(instrument, code);
    if (!q) continue;
    const levels = optionsOf(q).map((o) => o.code);
    out.push({
      name: code,
      question: code,
      levels,
      level: (a: Readonly<Answers>) => {
        const v = a[code];
        return typeof v === 'string' && levels.includes(v) ? v : undefined;
      },
    });
  }
  return out;
}

/** indicator id → domain key → cell, for one country. */
export type CountryCells = Map<string, Map<string, Cell>>;

/** The country and year whose reference figures (`study.references`) the country's answers are set beside. */
export interface CountryWave {
  readonly iso3: string;
  readonly year: number;
}

export function countryCells(
  study: Study,
  instrument: Instrument,
  design: SurveyDesign,
  answers: readonly Readonly<Answers>[],
  /** Each respondent's mode of collection, in the order of `answers`. */
  modes: readonly ResponseMode[],
  where: CountryWave,
): CountryCells {
  const n = answers.length;
  const keys: { indicator: string; key: string }[] = [];
  const domains: Domain[] = [];
  for (const indicator of study.indicators) {
    const inBase = new Uint8Array(n);
    const values = new Float64Array(n);
    const reference = indicatorReferenceValue(indicator, study.references, where.iso3, where.year);
    answers.forEach((a, i) => {
      const s = scoreIndicator(indicator, instrument, a, reference);
      if (s.inBase) {
        inBase[i] = 1;
        values[i] = s.value;
      }
    });
    keys.push({ indicator: indicator.id, key: domainKey(null, null) });
    domains.push({ inDomain: inBase, values });
    for (const variable of subgroupVariables(study, indicator, instrument)) {
      const levelOf = answers.map((a, i) => variable.level(a, at(modes, i)));
      for (const level of variable.levels) {
        const mask = new Uint8Array(n);
        for (let i = 0; i < n; i++) mask[i] = inBase[i] === 1 && levelOf[i] === level ? 1 : 0;
        keys.push({ indicator: indicator.id, key: domainKey(variable.name, level) });
        domains.push({ inDomain: mask, values });
      }
    }
  }
  const cells = domainCells(design, domains);
  const out: CountryCells = new Map();
  keys.forEach(({ indicator, key }, k) => {
    let forIndicator = out.get(indicator);
    if (!forIndicator) {
      forIndicator = new Map();
      out.set(indicator, forIndicator);
    }
    forIndicator.set(key, cells[k] ?? EMPTY_CELL);
  });
  return out;
}

/** Weighted counts of each answer of a single-choice question among those asked. */
export interface DistributionCell {
  readonly n: number;
  readonly total: number;
  readonly counts: ReadonlyMap<string, number>;
}

/**
 * The single-choice questions whose distributions are materialised (all but the country
 * question). `countryOnly`: every option is offered in one country only (its `showIf` reads the
 * country question, as the subnational REGION question's do). Such a distribution is published
 * for countries alone: above them it is each country's distribution side by side, scaled by its
 * public population weight, so a region's would restate any withheld country's exactly
 * (docs/disclosure.md), and it measures nothing a reader compares across countries.
 */
export function distributionQuestions(study: Study, instrument: Instrument): { code: string; countryOnly: boolean }[] {
  const readsCountry = (o: { readonly showIf?: Condition | undefined }) =>
    o.showIf !== undefined && conditionReferences(o.showIf).some((r) => r.question === study.countryQuestion);
  return instrument.blocks.flatMap((b) =>
    b.questions.flatMap((q) =>
      q.kind === 'single' && q.code !== study.countryQuestion
        ? [{ code: q.code, countryOnly: q.options.length > 0 && q.options.every(readsCountry) }]
        : [],
    ),
  );
}

/**
 * The base is everyone asked: a substantive answer or a chosen missing code (don't know,
 * refused); not asked, break-off and no answer are outside it.
 */
export function distributionCells(
  questions: readonly string[],
  weights: Float64Array,
  answers: readonly Readonly<Answers>[],
): Map<string, DistributionCell> {
  const out = new Map<string, DistributionCell>();
  for (const code of questions) {
    const counts = new Map<string, number>();
    let n = 0;
    let total = 0;
    answers.forEach((a, i) => {
      const v = a[code];
      let key: string | undefined;
      if (typeof v === 'string') key = v;
      else if (isMissing(v) && (v.missing === 'dont_know' || v.missing === 'refused')) key = v.missing;
      if (key === undefined) return;
      const w = at(weights, i);
      n++;
      total += w;
      counts.set(key, (counts.get(key) ?? 0) + w);
    });
    out.set(code, { n, total, counts });
  }
  return out;
}

export function addDistributionCells(a: DistributionCell, b: DistributionCell): DistributionCell {
  const counts = new Map(a.counts);
  for (const [k, v] of b.counts) counts.set(k, (counts.get(k) ?? 0) + v);
  return { n: a.n + b.n, total: a.total + b.total, counts };
}
