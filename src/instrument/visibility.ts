/**
 * Which blocks, questions and options a respondent sees, given the answers so far.
 * Conditions only use answers from earlier pages (enforced at definition time), so the
 * visibility of a page is known when it is rendered.
 */
import type { AnswerValue, Answers } from './codes.ts';
import { conditionReferences, evaluateCondition, type ConditionContext, type ConditionSubject } from './condition.ts';
import { armOfQuestion } from './experiments.ts';
import { findQuestion, questionIndex, type Block, type Instrument } from './instrument.ts';
import type { Option, Question } from './questions.ts';

/**
 * The evaluator's view of an instrument and a respondent's answers. A class rather than an object
 * of arrow functions: one is made for every condition checked, and each named closure costs a
 * property definition under tsx (esbuild's keepNames), which showed in the server's profile.
 */
class AnswersContext implements ConditionContext {
  constructor(
    private readonly instrument: Instrument,
    private readonly answers: Readonly<Answers>,
  ) {}

  answer(code: string): AnswerValue | undefined {
    return this.answers[code];
  }

  subject(code: string): ConditionSubject | undefined {
    const q = findQuestion(this.instrument, code);
    if (!q) return undefined;
    if (q.kind !== 'scale') return { kind: q.kind };
    return { kind: q.kind, pointValue: (point) => q.points.find((p) => p.code === point)?.value };
  }
}

export function conditionContext(instrument: Instrument, answers: Readonly<Answers>): ConditionContext {
  return new AnswersContext(instrument, answers);
}

export function isBlockVisible(instrument: Instrument, block: Block, answers: Readonly<Answers>): boolean {
  return block.showIf === undefined || evaluateCondition(block.showIf, conditionContext(instrument, answers));
}

/**
 * Whether the respondent is asked question `code`: its block is shown, the respondent is in its
 * experiment arm (when it belongs to one) and its own condition holds.
 */
export function isQuestionVisible(instrument: Instrument, code: string, answers: Readonly<Answers>): boolean {
  const place = questionIndex(instrument).get(code);
  if (!place) throw new Error(`unknown question ${code}`);
  if (!isBlockVisible(instrument, place.block, answers)) return false;
  const experiment = place.block.experiment;
  if (experiment !== undefined) {
    const arm = armOfQuestion(place.block, code);
    if (arm !== undefined && answers[experiment.code] !== arm) return false;
  }
  const { showIf } = place.question;
  return showIf === undefined || evaluateCondition(showIf, conditionContext(instrument, answers));
}

/** The codes of every question asked given the answers so far, in definition order. */
export function visibleQuestions(instrument: Instrument, answers: Readonly<Answers>): string[] {
  return [...questionIndex(instrument).keys()].filter((code) => isQuestionVisible(instrument, code, answers));
}

/** The options of a choice question offered given the answers so far (option `showIf`). */
export function visibleOptions<O extends Pick<Option, 'code'> & { showIf?: Option['showIf'] }>(
  instrument: Instrument,
  options: readonly O[],
  answers: Readonly<Answers>,
): O[] {
  const ctx = conditionContext(instrument, answers);
  return options.filter((o) => o.showIf === undefined || evaluateCondition(o.showIf, ctx));
}

/** Offered options of a question, by the answers its options' conditions read (at most this many kept). */
const OFFERED_KEPT = 256;
const offeredCache = new WeakMap<
  Instrument,
  Map<string, { readonly reads: readonly string[]; readonly byAnswers: Map<string, ReadonlySet<string>> }>
>();

/**
 * The options of a choice question offered given the answers, remembered per question of a
 * frozen instrument by the answers its options' conditions read: a question whose options depend
 * on one earlier answer (REGION on COUNTRY: 306 conditions) is evaluated once per country, not
 * once per page and respondent.
 */
function offeredChoices(
  instrument: Instrument,
  question: Question & { readonly options: readonly Option[] },
  answers: Readonly<Answers>,
): ReadonlySet<string> {
  const compute = () => new Set(visibleOptions(instrument, question.options, answers).map((o) => o.code));
  if (!Object.isFrozen(instrument)) return compute();
  let questions = offeredCache.get(instrument);
  if (!questions) {
    questions = new Map();
    offeredCache.set(instrument, questions);
  }
  let entry = questions.get(question.code);
  if (!entry) {
    const reads = question.options.flatMap((o) => (o.showIf ? conditionReferences(o.showIf) : []));
    entry = { reads: [...new Set(reads.map((r) => r.question))], byAnswers: new Map() };
    questions.set(question.code, entry);
  }
  const key = JSON.stringify(entry.reads.map((code) => answers[code] ?? null));
  const known = entry.byAnswers.get(key);
  if (known) return known;
  const offered = compute();
  if (entry.byAnswers.size >= OFFERED_KEPT) entry.byAnswers.clear();
  entry.byAnswers.set(key, offered);
  return offered;
}

/** The option codes a respondent may choose for `question` now (missing codes excluded). */
export function offeredOptionCodes(
  instrument: Instrument,
  question: Question,
  answers: Readonly<Answers>,
): ReadonlySet<string> {
  switch (question.kind) {
    case 'single':
    case 'multiple':
    case 'ranking':
      return offeredChoices(instrument, question, answers);
    case 'scale':
      return new Set(question.points.map((p) => p.code));
    case 'grid':
      return new Set(question.scale.map((p) => p.code));
    case 'numeric':
    case 'text':
    case 'consent':
    case 'info':
      return new Set();
  }
}
