/**
 * A study: instrument versions, indicators, weighting variables and waves, cross-checked.
 * One folder per study under `survey-definitions/`, whose `index.ts` default-exports
 * `defineStudy({...})`.
 */
import { z } from 'zod';
import { Campaign, checkCampaign } from './campaigns.ts';
import { DefinitionError, fromZodIssues, type DefinitionIssue } from './errors.ts';
import { Indicator, checkIndicator } from './indicators.ts';
import { instrumentRef, Slug, type Instrument } from './instrument.ts';
import { QuestionCode } from './codes.ts';
import { Text } from './text.ts';
import { Wave, WeightingVariable } from './waves.ts';
import { deepFreeze } from './freeze.ts';
import { DisclosureRule } from './disclosure.ts';
import { QualityThresholds } from './quality.ts';
import { isDefinedInstrument } from './registry.ts';
import { collectedSoFar, recordedProblems, sited } from './definition-problems.ts';
import { checkReferences, ReferenceSeries } from './references.ts';
import { checkDeclaredBreaks } from './series-breaks.ts';
import { RespondentInformation } from './respondent-information.ts';
import { checkStudyWaves, duplicates } from './study-waves.ts';

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

  issues.push(...checkStudyWaves(study, root));
  return issues;
}
