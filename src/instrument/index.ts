/**
 * The public DSL and runtime of survey instruments. Studies in `survey-definitions/` and the
 * collection, export and indicator layers import only from here.
 *
 * Define: `defineInstrument`, `defineIndicator`, `defineWave`, `defineCampaign`, `defineStudy`, `sameInAll`;
 *   message experiments are a block's `experiment` (`permutedBlockArm` assigns the arms).
 * Load: `loadStudies(path)`, `loadStudy(file)`, `formatLintProblem`.
 * Collect: `presentationOrder`, `nextPage`, `pageSequence`, `renderPage`, `isQuestionVisible`,
 *   `visibleQuestions`, `validateAnswers`, `recordBreakOff`.
 * Compare: `instrumentFingerprint`, `questionFingerprint(s)`.
 * Export/analyse: `exportColumns`, `exportValue`, `scoreIndicator`, `describeIndicator`,
 *   `weightingLevel`, `renderCodebook`, `buildCodebook`.
 */
export { Language, LanguageCode, Text, ownEntry, sameInAll, textIn } from './text.ts';
export { findUnstorableText, isStorableText, unstorableTextMessage } from './storable-text.ts';
export {
  AnswerValue,
  Answers,
  ChosenMissingCode,
  ItemCode,
  MissingAnswer,
  MissingCode,
  MISSING_CODES,
  OptionCode,
  QuestionCode,
  isMissing,
  isMissingCode,
} from './codes.ts';
export {
  Condition,
  UnknownOperatorError,
  conditionReferences,
  describeCondition,
  evaluateCondition,
  type ConditionContext,
} from './condition.ts';
export {
  ConsentQuestion,
  GridItem,
  GridQuestion,
  InfoQuestion,
  MultipleChoiceQuestion,
  NumericQuestion,
  Option,
  Question,
  RankingQuestion,
  ScalePoint,
  ScaleQuestion,
  SingleChoiceQuestion,
  TextQuestion,
  isAnswerable,
  offeredMissing,
  optionsOf,
  type AnswerableQuestion,
  type QuestionInput,
  QuestionKind,
} from './questions.ts';
export {
  Block,
  Instrument,
  Slug,
  allQuestions,
  findQuestion,
  instrumentRef,
  questionIndex,
  type InstrumentInput,
  type QuestionPlace,
} from './instrument.ts';
export { defineInstrument } from './define-instrument.ts';
export {
  DEFINITION_ISSUE_CODES,
  DefinitionError,
  formatIssue,
  type DefinitionIssue,
  type DefinitionIssueCode,
} from './errors.ts';
export { applyPiping, parsePipes, type Pipe } from './piping.ts';
export { seededRandom, shuffleWithAnchors } from './random.ts';
export {
  conditionContext,
  isBlockVisible,
  isQuestionVisible,
  offeredOptionCodes,
  visibleOptions,
  visibleQuestions,
} from './visibility.ts';
export {
  PresentationOrder,
  isPageShown,
  nextPage,
  pageSequence,
  presentationOrder,
  renderPage,
  type RenderedOption,
  type RenderedPage,
  type RenderedQuestion,
} from './presentation.ts';
export {
  AnswerErrorCode,
  recordBreakOff,
  validateAnswers,
  type AnswerError,
  type AnswerValidation,
  type ValidationMode,
} from './answers.ts';
export {
  canonicalJson,
  fingerprintOf,
  instrumentFingerprint,
  questionFingerprint,
  questionFingerprints,
} from './fingerprint.ts';
export { exportColumns, exportValue, type ExportColumn, type ExportValueLabel } from './export-columns.ts';
export {
  REFERENCE_YEAR_RULE,
  ReferenceSeries,
  defineReferenceSeries,
  referenceFor,
  type MatchedReference,
  type ReferenceSeriesInput,
} from './references.ts';
export {
  GapIndicator,
  OverestimateIndicator,
  estimateKind,
  indicatorReference,
  indicatorReferenceValue,
  Indicator,
  IndicatorBase,
  IndexIndicator,
  MeanIndicator,
  ShareIndicator,
  defineIndicator,
  indicatorQuestions,
  scoreIndicator,
  SeriesBreak,
  type IndicatorInput,
  type IndicatorScore,
} from './indicators.ts';
export { undeclaredSeriesBreaks, wordingOrOptionsChange } from './series-breaks.ts';
export { describeIndicator } from './indicator-words.ts';
export {
  Margin,
  Source,
  Wave,
  WaveCountry,
  WaveWeighting,
  WeightingVariable,
  defineWave,
  countryFieldMode,
  FieldMode,
  weightingLevel,
  weightingLevels,
  type WaveInput,
} from './waves.ts';
export {
  ALL_STRATUM,
  Experiment,
  ExperimentArm,
  armOfQuestion,
  assignedArms,
  blockSizeOf,
  experimentsOf,
  permutedBlockArm,
  stratumOf,
  type ExperimentPlace,
} from './experiments.ts';
export {
  CAMPAIGN_CHANNELS,
  Campaign,
  campaignWaves,
  ComparisonWeighting,
  comparisonCountries,
  defineCampaign,
  type CampaignInput,
} from './campaigns.ts';
export {
  Study,
  defineStudy,
  isStudy,
  loadedStudies,
  studyLanguageCodes,
  waveInstrument,
  type StudyInput,
} from './study.ts';
export { RespondentInformation, respondentInformationFields } from './respondent-information.ts';
export {
  checkRespondentInformation,
  checkRespondentPages,
  untranslatedLabels,
  type RespondentReport,
} from './respondent-checks.ts';
export { DisclosureRule, ProtectionInterval, protectionInterval } from './disclosure.ts';
export { QualityThresholds, qualityChecks, type QualityCheck, type QualityThresholdsInput } from './quality.ts';
export {
  formatLintProblem,
  loadStudies,
  lintStudies,
  loadStudy,
  studyFiles,
  type LintProblem,
  type LoadResult,
  type LoadedStudy,
} from './loader.ts';
export {
  CODEBOOK_FORMATS,
  buildCodebook,
  isCodebookFormat,
  renderCodebook,
  type Codebook,
  type CodebookFormat,
  type CodebookVariable,
} from './codebook/render.ts';
export {
  INTERVIEWER_MODES,
  InterviewerMode,
  MODE_SUBGROUP,
  RESPONSE_MODES,
  ResponseMode,
  isResponseMode,
} from './modes.ts';
