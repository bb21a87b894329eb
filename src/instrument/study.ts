/**
 * A study: instrument versions, indicators, weighting variables and waves, cross-checked.
 * One folder per study under `survey-definitions/`, whose `index.ts` default-exports
 * `defineStudy({...})`.
 */
import { z } from 'zod';
import { Campaign, checkCampaign } from './campaigns.ts';
import { DefinitionError, fromZodIssues, type DefinitionIssue } from './errors.ts';
import { instrumentFingerprint } from './fingerprint.ts';
import { Indicator, checkIndicator } from './indicators.ts';
import { findQuestion, instrumentRef, Slug, type Instrument } from './instrument.ts';
import { optionsOf } from './questions.ts';
import { QuestionCode } from './codes.ts';
import { Text } from './text.ts';
import { Wave, WeightingVariable, weightingLevels } from './waves.ts';
import { deepFreeze } from './freeze.ts';
import { DisclosureRule } from './disclosure.ts';
import { QualityThresholds } from './quality.ts';
import { isDefinedInstrument } from './registry.ts';
import { collectedSoFar, recordedProblems, sited } from './definition-problems.ts';
import { checkReferences, ReferenceSeries } from './references.ts';
import { checkDeclaredBreaks } from './series-breaks.ts';
import { RespondentInformation } from './respondent-information.ts';

export const Study = z
  .object({
    id: Slug,
    title: Text,
    description: Text.optional(),
    /** Every instrument version of the study, each made with `defineInstrument`. */
    instruments: z
      .array(
        z.custom<Instrument>(
          // An instrument with recorded problems passes here: defineStudy reports its problems instead.
          (value) => isDefinedInstrument(value) || recordedProblems(value).length > 0,
          'an instrument made with defineInstrument',
        ),
      )
      .min(1),
    indicators: z.array(Indicator).default([]),
    weightingVariables: z.array(WeightingVariable).default([]),
    waves: z.array(Wave).default([]),
    /** The single-choice question whose option codes are the countries' ISO3 codes in lower case (e.g. "gbr"). */
    countryQuestion: QuestionCode.optional(),
    /**
     * The *reliability* threshold: estimates on fewer unweighted respondents are too noisy to
     * publish as they are — withheld (`lowReliability: 'withhold'`, the default) or published
     * flagged "low reliability" (`'flag'`).
     */
    minimumN: z.number().int().min(1).default(50),
    /** What happens below the reliability threshold (`minimumN`). */
    lowReliability: z.enum(['withhold', 'flag']).default('withhold'),
    /** The *disclosure* rule: how far a withheld value must stay from what can be derived from everything published (docs/disclosure.md). */
    disclosure: DisclosureRule.default(DisclosureRule.parse({})),
    /** Communication campaigns the study evaluates (`survey-definitions/<study>/campaigns.ts`). */
    campaigns: z.array(Campaign).default([]),
    /** Official figures answers are set beside (`references.ts`), e.g. the foreign-born share of each country. */
    references: z.array(ReferenceSeries).default([]),
    /** Thresholds of the data-quality checks (speeders, straight-lining, duplicates, item non-response); defaults in quality.ts. */
    quality: QualityThresholds.default(QualityThresholds.parse({})),
    /** Who is asking and why, shown on the consent page (respondent-information.ts; lint requires every field). */
    respondentInformation: RespondentInformation.optional(),
    /** Offer respondents to e-mail themselves the resume link of "save and continue later" (off by default). */
    resumeByEmail: z.boolean().default(false),
    /**
     * Questions whose answer labels are written alike in every language on purpose (slogans as they
     * ran, brand names), each with the reason: lint takes any other label identical in every
     * language for an untranslated one (respondent-checks.ts).
     */
    sameInAllLanguages: z.array(z.object({ question: QuestionCode, reason: z.string().min(1) }).strict()).default([]),
  })
  .strict();
export type Study = z.output<typeof Study>;
export type StudyInput = z.input<typeof Study>;

const studies = new WeakSet<object>();

/** Whether `value` was returned by `defineStudy` (used by the loader). */
export function isStudy(value: unknown): value is Study {
  return typeof value === 'object' && value !== null && studies.has(value);
}

/** The instrument version a wave fields. */
export function waveInstrument(study: Study, waveId: string): Instrument {
  const wave = study.waves.find((w) => w.id === waveId);
  if (!wave) throw new Error(`study ${study.id} has no wave ${waveId}`);
  const instrument = study.instruments.find(
    (i) => i.id === wave.instrument.id && i.version === wave.instrument.version,
  );
  if (!instrument)
    throw new Error(
      `wave ${waveId} fields ${wave.instrument.id}@${wave.instrument.version}, which the study does not define`,
    );
  return instrument;
}

/** Validates a study and cross-checks its parts; throws `DefinitionError` listing every problem. */
export function defineStudy(input: StudyInput): Study {
  return checkedStudy(input);
}

/**
 * `defineStudy` of any value: the study it describes, or `DefinitionError` naming the study and
 * each bad field — with the problems of its instrument versions recorded while a loader collected
 * them (definition-problems.ts), every version's and the study's own in one error.
 */
function checkedStudy(input: unknown): Study {
  const parsed = Study.safeParse(input);
  const id = typeof input === 'object' && input !== null && 'id' in input ? input.id : undefined;
  const subject = `study(${typeof id === 'string' ? id : '?'})`;
  const fail = (own: readonly DefinitionIssue[]): never => {
    const parts = parsed.success ? parsed.data.instruments.flatMap((i) => recordedProblems(i)) : [];
    throw new DefinitionError(subject, [...new Set([...collectedSoFar(), ...parts, ...sited(own)])]);
  };
  if (!parsed.success) return fail(fromZodIssues(subject, parsed.error.issues));
  const issues = checkStudy(withoutInvalidInstruments(parsed.data));
  if (issues.length > 0 || parsed.data.instruments.some((i) => !isDefinedInstrument(i))) return fail(issues);
  const study = deepFreeze(parsed.data);
  studies.add(study);
  return study;
}

/**
 * The studies a server is handed, checked once when it starts: a study made by `defineStudy` is
 * taken as it is; any other value is validated now, and an invalid one throws `DefinitionError`
 * naming the study and the offending field (never dropped in silence).
 */
export function loadedStudies(values: readonly unknown[]): readonly Study[] {
  return values.map((value) => (isStudy(value) ? value : checkedStudy(value)));
}

/**
 * The study without the instrument versions whose shape is invalid (stand-ins, definition-problems.ts)
 * and the waves that field them: cross-checks against a stand-in would only repeat its problems.
 */
function withoutInvalidInstruments(study: Study): Study {
  const invalid = new Set(
    study.instruments
      .filter((i) => recordedProblems(i).some((p) => p.code === 'invalid_shape'))
      .map((i) => instrumentRef(i)),
  );
  if (invalid.size === 0) return study;
  return {
    ...study,
    instruments: study.instruments.filter((i) => !invalid.has(instrumentRef(i))),
    waves: study.waves.filter((w) => !invalid.has(`${w.instrument.id}@${w.instrument.version}`)),
  };
}

function duplicates(values: readonly string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

/** The languages a study's texts are complete in (its first instrument's, which `checkStudy` holds every text to). */
export function studyLanguageCodes(study: Study): string[] {
  return study.instruments[0]?.languages.map((l) => l.code) ?? [];
}

export function checkStudy(study: Study): DefinitionIssue[] {
  const root = `study(${study.id})`;
  const issues: DefinitionIssue[] = [];
  const languages = studyLanguageCodes(study);
  for (const lang of languages) {
    if (!study.title[lang]?.trim())
      issues.push({
        code: 'missing_translation',
        path: `${root}.title.${lang}`,
        lang,
        message: `study title has no "${lang}" translation`,
      });
  }
  for (const ref of duplicates(study.instruments.map(instrumentRef)))
    issues.push({ code: 'duplicate_id', path: `${root}.instruments`, message: `instrument ${ref} is defined twice` });
  for (const id of duplicates(study.indicators.map((i) => i.id)))
    issues.push({ code: 'duplicate_id', path: `${root}.indicators`, message: `indicator id ${id} is used twice` });
  for (const id of duplicates(study.waves.map((w) => w.id)))
    issues.push({ code: 'duplicate_id', path: `${root}.waves`, message: `wave id ${id} is used twice` });
  for (const id of duplicates(study.campaigns.map((c) => c.id)))
    issues.push({ code: 'duplicate_id', path: `${root}.campaigns`, message: `campaign id ${id} is used twice` });
  for (const campaign of study.campaigns) issues.push(...checkCampaign(campaign, { ...study, languages }, root));
  for (const id of duplicates(study.references.map((r) => r.id)))
    issues.push({
      code: 'duplicate_id',
      path: `${root}.references`,
      message: `reference series ${id} is defined twice`,
    });
  const references = study.references.map((r) => r.id);
  for (const indicator of study.indicators) {
    issues.push(...checkDeclaredBreaks(indicator, study.instruments, root));
    issues.push(
      ...checkIndicator(indicator, study.instruments, languages, references).map((i) => ({
        ...i,
        path: `${root}.${i.path}`,
      })),
    );
  }
  issues.push(...checkReferences(study.references, study.waves, root));

  issues.push(...checkWeightingVariables(study, root));
  if (study.countryQuestion !== undefined) issues.push(...checkCountryQuestion(study, study.countryQuestion, root));
  const variables = new Map(study.weightingVariables.map((v) => [v.name, v]));
  for (const wave of study.waves) issues.push(...checkWave(study, wave, variables, root));
  return issues;
}

/** Each weighting variable's question exists in every instrument, with the options it maps (or numeric, to bin). */
function checkWeightingVariables(study: Study, root: string): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  for (const v of study.weightingVariables) {
    const path = `${root}.weightingVariables[${v.name}]`;
    for (const instrument of study.instruments) {
      const q = findQuestion(instrument, v.question);
      if (!q) {
        issues.push({
          code: 'unknown_question',
          path,
          question: v.question,
          message: `weighting variable ${v.name} uses ${v.question}, which ${instrumentRef(instrument)} lacks`,
        });
        continue;
      }
      if (v.from === 'options') {
        const codes = new Set(optionsOf(q).map((o) => o.code));
        for (const code of Object.keys(v.map))
          if (!codes.has(code))
            issues.push({
              code: 'unknown_option',
              path,
              question: v.question,
              message: `weighting variable ${v.name} maps "${code}", which ${v.question} lacks`,
            });
      } else if (q.kind !== 'numeric') {
        issues.push({
          code: 'invalid_wave',
          path,
          question: v.question,
          message: `weighting variable ${v.name} bins ${v.question}, which is not numeric`,
        });
      }
    }
  }
  return issues;
}

type StudyWave = Study['waves'][number];

/** A wave: its weighting, its instrument (defined, and unchanged since the wave opened), its field period and countries. */
function checkWave(
  study: Study,
  wave: StudyWave,
  variables: ReadonlyMap<string, WeightingVariable>,
  root: string,
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const path = `${root}.waves[${wave.id}]`;
  if (wave.weighting) issues.push(...checkWeighting(study, wave, path));
  const instrument = study.instruments.find(
    (i) => i.id === wave.instrument.id && i.version === wave.instrument.version,
  );
  if (!instrument) {
    issues.push({
      code: 'unknown_instrument',
      path: `${path}.instrument`,
      message: `wave ${wave.id} fields ${wave.instrument.id}@${wave.instrument.version}, which the study does not define`,
    });
  } else if (
    wave.instrumentFingerprint !== undefined &&
    wave.instrumentFingerprint !== instrumentFingerprint(instrument)
  ) {
    issues.push({
      code: 'fingerprint_mismatch',
      path: `${path}.instrumentFingerprint`,
      message: `wave ${wave.id} opened with ${instrumentRef(instrument)} fingerprint ${wave.instrumentFingerprint}, but the instrument now has ${instrumentFingerprint(instrument)}; an instrument a wave has opened with is frozen — define a new version`,
    });
  }
  if (wave.fieldPeriod.start > wave.fieldPeriod.end)
    issues.push({ code: 'invalid_wave', path: `${path}.fieldPeriod`, message: `field period starts after it ends` });
  if (wave.status !== 'planned' && wave.instrumentFingerprint === undefined) {
    issues.push({
      code: 'invalid_wave',
      path: `${path}.instrumentFingerprint`,
      message: `wave ${wave.id} is ${wave.status} but does not pin the instrument fingerprint it opened with`,
    });
  }
  for (const iso3 of duplicates(wave.countries.map((c) => c.iso3)))
    issues.push({ code: 'duplicate_id', path: `${path}.countries`, message: `country ${iso3} is listed twice` });
  for (const country of wave.countries) issues.push(...checkMargins(country, variables, path));
  return issues;
}

/** A country's margins: each names defined weighting variables and their levels, and sums to 1 (shares) or the adult population. */
function checkMargins(
  country: StudyWave['countries'][number],
  variables: ReadonlyMap<string, WeightingVariable>,
  path: string,
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  country.margins.forEach((margin, m) => {
    const mpath = `${path}.countries[${country.iso3}].margins[${m}]`;
    for (const name of margin.variables) {
      const variable = variables.get(name);
      if (!variable) {
        issues.push({
          code: 'invalid_wave',
          path: mpath,
          message: `margin uses weighting variable "${name}", which the study does not define`,
        });
        continue;
      }
      const levels = new Set(weightingLevels(variable));
      for (const cell of margin.cells) {
        const level = cell.levels[name];
        if (level === undefined || !levels.has(level))
          issues.push({
            code: 'invalid_wave',
            path: mpath,
            message: `cell ${JSON.stringify(cell.levels)} has no valid level of ${name} (${[...levels].join(', ')})`,
          });
      }
    }
    const total = margin.cells.reduce((a, c) => a + c.value, 0);
    const expected = margin.unit === 'share' ? 1 : country.adultPopulation.value;
    if (Math.abs(total - expected) > expected * 0.001) {
      issues.push({
        code: 'invalid_wave',
        path: mpath,
        message: `cells sum to ${total}, expected ${expected} (${margin.unit === 'share' ? 'shares sum to 1' : 'the adult population'})`,
      });
    }
  });
  return issues;
}

/** The country question exists in every instrument, is single choice, and offers every wave country (ISO3 in lower case). */
function checkCountryQuestion(study: Study, code: string, root: string): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const path = `${root}.countryQuestion`;
  for (const wave of study.waves) {
    const instrument = study.instruments.find(
      (i) => i.id === wave.instrument.id && i.version === wave.instrument.version,
    );
    if (!instrument) continue;
    const q = findQuestion(instrument, code);
    if (!q || q.kind !== 'single') {
      issues.push({
        code: 'invalid_wave',
        path,
        question: code,
        message: `the country question ${code} must be a single-choice question of ${instrumentRef(instrument)}`,
      });
      continue;
    }
    const offered = new Set(optionsOf(q).map((o) => o.code));
    for (const c of wave.countries) {
      if (!offered.has(c.iso3.toLowerCase()))
        issues.push({
          code: 'invalid_wave',
          path: `${root}.waves[${wave.id}].countries[${c.iso3}]`,
          question: code,
          message: `wave ${wave.id} covers ${c.iso3}, but ${code} has no option "${c.iso3.toLowerCase()}"`,
        });
    }
  }
  return issues;
}

/** A wave's weighting: a numeric base-weight question, one margin per country for post-stratification, and the study's country question. */
function checkWeighting(study: Study, wave: Study['waves'][number], path: string): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const weighting = wave.weighting;
  if (!weighting) return issues;
  if (study.countryQuestion === undefined)
    issues.push({
      code: 'invalid_wave',
      path: `${path}.weighting`,
      message: `wave ${wave.id} is weighted per country, but the study names no countryQuestion`,
    });
  const instrument = study.instruments.find(
    (i) => i.id === wave.instrument.id && i.version === wave.instrument.version,
  );
  if (weighting.base.kind === 'question' && instrument) {
    const q = findQuestion(instrument, weighting.base.question);
    if (!q || q.kind !== 'numeric')
      issues.push({
        code: 'invalid_wave',
        path: `${path}.weighting.base`,
        question: weighting.base.question,
        message: `base weights come from ${weighting.base.question}, which must be a numeric question of ${instrumentRef(instrument)}`,
      });
  }
  for (const country of wave.countries) {
    if (country.margins.length === 0)
      issues.push({
        code: 'invalid_wave',
        path: `${path}.countries[${country.iso3}].margins`,
        message: `${country.iso3} has no margins to weight to`,
      });
    if (weighting.method === 'poststratify' && country.margins.length > 1) {
      issues.push({
        code: 'invalid_wave',
        path: `${path}.countries[${country.iso3}].margins`,
        message: `post-stratification uses one (crossed) margin; ${country.iso3} has ${country.margins.length} (use method "rake")`,
      });
    }
  }
  return issues;
}
