/**
 * The codebook model: everything an analyst needs about a study's variables, built from the
 * definition. The `json` format is this model; `md`, `html` and `ddi` render it.
 */
import { describeCondition, type Condition } from '../condition.ts';
import { exportColumns, type ExportColumn } from '../export-columns.ts';
import { armOfQuestion, blockSizeOf, experimentsOf, type Experiment, type ExperimentPlace } from '../experiments.ts';
import { fingerprintOf, instrumentFingerprint, questionFingerprint } from '../fingerprint.ts';
import { describeIndicator } from '../indicator-words.ts';
import {
  findQuestion,
  instrumentRef,
  questionIndex,
  type Block,
  type Instrument,
  type QuestionPlace,
} from '../instrument.ts';
import type { Study } from '../study.ts';
import { isSystemMissingCode, SYSTEM_MISSING_LABELS } from '../system-missing.ts';
import type { Language, Text } from '../text.ts';
import { countryFieldMode, weightingLevels } from '../waves.ts';

export interface CodebookVariable {
  /** Export column name (question code, or `CODE_ITEM` for grid items). */
  readonly name: string;
  readonly question: string;
  readonly item?: string;
  readonly kind: string;
  readonly block: string;
  readonly text: Text;
  readonly itemLabel?: Text;
  readonly help?: Text;
  readonly options: readonly { readonly code: string; readonly label: Text; readonly value?: number }[];
  /** Missing codes that can occur: chosen (offered) ones with labels, then system ones. */
  readonly missing: readonly { readonly code: string; readonly label?: Text; readonly system: boolean }[];
  readonly range?: { readonly min?: number; readonly max?: number; readonly integer: boolean };
  readonly maxLength?: number;
  readonly selections?: { readonly min: number; readonly max: number };
  /** When the question is asked, in words; null when always asked. */
  readonly logic: string | null;
  readonly required: boolean;
  /** Every instrument version that has this variable, with the question fingerprint and waves. */
  readonly versions: readonly {
    readonly instrument: string;
    readonly fingerprint: string;
    readonly waves: readonly string[];
  }[];
  /** True when the question's fingerprint differs between versions: trends across them are broken. */
  readonly seriesBreak: boolean;
}

export interface Codebook {
  readonly format: 'barometer-codebook/1';
  readonly study: { readonly id: string; readonly title: Text; readonly description?: Text };
  readonly languages: readonly Language[];
  readonly instruments: readonly {
    readonly ref: string;
    readonly id: string;
    readonly version: string;
    readonly fingerprint: string;
    readonly waves: readonly string[];
  }[];
  readonly waves: readonly {
    readonly id: string;
    readonly year: number;
    readonly start: string;
    readonly end: string;
    readonly status: string;
    readonly mode: string;
    readonly instrument: string;
    readonly countries: readonly {
      readonly iso3: string;
      readonly name: string;
      readonly region: string;
      readonly adultPopulation: number;
      readonly populationSource: string;
      readonly targetCompletes: number;
      /** The country's field mode (its own, else the wave's). */
      readonly mode: string;
    }[];
  }[];
  readonly variables: readonly CodebookVariable[];
  readonly indicators: readonly {
    readonly id: string;
    readonly kind: string;
    readonly label: Text;
    readonly definition: string;
    readonly base: string;
    /** The series breaks the indicator declares (`seriesBreaks` of its definition), when it declares any. */
    readonly seriesBreaks?: readonly { readonly version: string; readonly reason: string }[];
  }[];
  readonly weighting: readonly {
    readonly name: string;
    readonly question: string;
    readonly levels: readonly string[];
  }[];
}

/** "in arm story of MSG_ARM" for a question only one experiment arm sees. */
function armInWords(block: Block, code: string): string | undefined {
  const arm = armOfQuestion(block, code);
  return arm === undefined || !block.experiment
    ? undefined
    : `the respondent is in arm "${arm}" of experiment ${block.experiment.code}`;
}

/** How an experiment assigns its arms, in words. */
export function assignmentInWords(experiment: Experiment): string {
  const within = experiment.stratifyBy ? `within each answer to ${experiment.stratifyBy}` : 'across the wave';
  return (
    `assigned at random when the respondent leaves the page before its block; permuted blocks of ${blockSizeOf(experiment)} ` +
    `(${experiment.arms.map((a) => a.code).join(', ')}; control: ${experiment.control}) ${within}, seed "${experiment.seed}"`
  );
}

function experimentVariable(instrument: Instrument, place: ExperimentPlace): CodebookVariable {
  const { experiment, block } = place;
  return {
    name: experiment.code,
    question: experiment.code,
    kind: 'experiment',
    block: block.id,
    text: experiment.label,
    options: experiment.arms.map((a) => ({ code: a.code, label: a.label })),
    missing: [],
    logic: [assignmentInWords(experiment), logicInWords(instrument, [block.showIf])]
      .filter((x) => x !== null)
      .join('; '),
    required: false,
    versions: [],
    seriesBreak: false,
  };
}

function logicInWords(
  instrument: Instrument,
  conditions: readonly (Condition | undefined)[],
  extra?: string,
): string | null {
  const label = (q: string, v: string | number | boolean) => {
    const question = findQuestion(instrument, q);
    if (!question || typeof v !== 'string') return String(v);
    const options =
      question.kind === 'single' || question.kind === 'multiple' || question.kind === 'ranking'
        ? question.options
        : question.kind === 'scale'
          ? question.points
          : [];
    return options.find((o) => o.code === v)?.label[instrument.languages[0]?.code ?? 'en'] ?? v;
  };
  const parts = [...conditions.flatMap((c) => (c ? [describeCondition(c, label)] : [])), ...(extra ? [extra] : [])];
  return parts.length === 0 ? null : `asked when ${parts.join(' and ')}`;
}

/** Builds the codebook of a study (latest instrument version first for wording). */
export function buildCodebook(study: Study): Codebook {
  const wavesOf = (instrument: Instrument) =>
    study.waves
      .filter((w) => w.instrument.id === instrument.id && w.instrument.version === instrument.version)
      .map((w) => w.id);
  const newestFirst = [...study.instruments].reverse();
  const variables = new Map<string, CodebookVariable>();
  const versions = new Map<string, { instrument: string; fingerprint: string; waves: string[] }[]>();
  for (const instrument of newestFirst) {
    const index = questionIndex(instrument);
    const experiments = new Map(experimentsOf(instrument).map((e) => [e.experiment.code, e]));
    for (const column of exportColumns(instrument)) {
      const experiment = experiments.get(column.question);
      if (experiment && !variables.has(column.name))
        variables.set(column.name, experimentVariable(instrument, experiment));
      const place = index.get(column.question);
      if (!place) {
        if (experiment) {
          const list = versions.get(column.name) ?? [];
          list.unshift({
            instrument: instrumentRef(instrument),
            fingerprint: fingerprintOf(experiment.experiment),
            waves: wavesOf(instrument),
          });
          versions.set(column.name, list);
        }
        continue;
      }
      const q = place.question;
      const list = versions.get(column.name) ?? [];
      list.unshift({
        instrument: instrumentRef(instrument),
        fingerprint: questionFingerprint(instrument, q.code),
        waves: wavesOf(instrument),
      });
      versions.set(column.name, list);
      if (variables.has(column.name)) continue;
      variables.set(column.name, questionVariable(instrument, column, place));
    }
  }
  const latest = newestFirst[0];
  return {
    format: 'barometer-codebook/1',
    study: { id: study.id, title: study.title, ...(study.description ? { description: study.description } : {}) },
    languages: latest?.languages ?? [],
    instruments: study.instruments.map((i) => ({
      ref: instrumentRef(i),
      id: i.id,
      version: i.version,
      fingerprint: instrumentFingerprint(i),
      waves: wavesOf(i),
    })),
    waves: study.waves.map((w) => ({
      id: w.id,
      year: w.year,
      start: w.fieldPeriod.start,
      end: w.fieldPeriod.end,
      status: w.status,
      mode: w.mode,
      instrument: `${w.instrument.id}@${w.instrument.version}`,
      countries: w.countries.map((c) => ({
        iso3: c.iso3,
        name: c.name,
        region: c.region,
        adultPopulation: c.adultPopulation.value,
        populationSource: c.adultPopulation.source.title,
        targetCompletes: c.targetCompletes,
        mode: countryFieldMode(w, c),
      })),
    })),
    variables: [...variables.values()].map((v) => {
      const vs = versions.get(v.name) ?? [];
      return { ...v, versions: vs, seriesBreak: new Set(vs.map((x) => x.fingerprint)).size > 1 };
    }),
    indicators: study.indicators.map((i) => ({
      id: i.id,
      kind: i.kind,
      label: i.label,
      ...describeIndicator(i),
      ...(i.seriesBreaks?.length ? { seriesBreaks: i.seriesBreaks } : {}),
    })),
    weighting: study.weightingVariables.map((v) => ({
      name: v.name,
      question: v.question,
      levels: weightingLevels(v),
    })),
  };
}

/** The codebook entry of an export column of a question, worded as `instrument` asks it (its versions filled in later). */
function questionVariable(instrument: Instrument, column: ExportColumn, place: QuestionPlace): CodebookVariable {
  const q = place.question;
  return {
    name: column.name,
    question: q.code,
    ...(column.item ? { item: column.item, itemLabel: column.label } : {}),
    kind: q.kind,
    block: place.block.id,
    text: q.text,
    ...(q.help ? { help: q.help } : {}),
    options: column.values
      .filter((v) => !v.missing)
      .flatMap((v) =>
        v.label ? [{ code: v.code, label: v.label, ...(v.value !== undefined ? { value: v.value } : {}) }] : [],
      ),
    missing: column.values
      .filter((v) => v.missing)
      .map((v) => {
        const system = isSystemMissingCode(v.code);
        const label = v.label ?? (system ? SYSTEM_MISSING_LABELS[v.code] : undefined);
        return { code: v.code, ...(label ? { label } : {}), system };
      }),
    ...(q.kind === 'numeric'
      ? {
          range: {
            ...(q.min !== undefined ? { min: q.min } : {}),
            ...(q.max !== undefined ? { max: q.max } : {}),
            integer: q.integer,
          },
        }
      : {}),
    ...(q.kind === 'text' ? { maxLength: q.maxLength } : {}),
    ...(q.kind === 'multiple'
      ? { selections: { min: q.minSelections, max: q.maxSelections ?? q.options.length } }
      : {}),
    ...(q.kind === 'ranking'
      ? {
          selections: { min: q.minRanked ?? q.maxRanked ?? q.options.length, max: q.maxRanked ?? q.options.length },
        }
      : {}),
    logic: logicInWords(instrument, [place.block.showIf, q.showIf], armInWords(place.block, q.code)),
    required: q.kind === 'info' ? false : q.required,
    versions: [],
    seriesBreak: false,
  };
}

/** A text's wording in each of the codebook's languages, in the study's order (those it has). */
export function labelsInOrder(book: Pick<Codebook, 'languages'>, text: Text): string[] {
  return book.languages.flatMap((l) => {
    const value = text[l.code];
    return value === undefined || value === '' ? [] : [value];
  });
}
