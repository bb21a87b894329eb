/**
 * Simulated respondents answer a wave through the collection service, as the HTTP API would call
 * it: start a session, save each page the service shows (validated by the instrument), submit.
 * Many flows run at once in this process, so the service's batched writes fill up (one statement
 * and one commit per batch); nothing is inserted behind the service's back.
 */
import type { Database } from '../../db/index.ts';
import { requestHash } from '../collection/idempotency.ts';
import type { PageView } from '../collection/schemas.ts';
import { savePage, startSession, submitSession } from '../collection/sessions.ts';
import { experimentsOf, findQuestion, waveInstrument, type Instrument } from '../instrument/index.ts';
import { seededRandom } from '../instrument/random.ts';
import { simulateRespondent, samplingWeights, BREAK_OFF, type SimulatedRespondent } from './respondents.ts';
import type { SimulatedWorld } from './world.ts';

/** The language respondents of a country answer in (the instrument has en, fr, es, ar). */
const LANGUAGE: Readonly<Record<string, string>> = {
  FRA: 'fr',
  MLI: 'fr',
  ESP: 'es',
  MEX: 'es',
  COL: 'es',
  PER: 'es',
  ARG: 'es',
  CHL: 'es',
  EGY: 'ar',
  TUN: 'ar',
  MAR: 'ar',
  SAU: 'ar',
};

const USER_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
];

export type FlowOutcome = 'submitted' | 'break_off';

/**
 * The arm a respondent was assigned, from the pages they were shown: the arm whose questions
 * they saw, else the arm without questions (e.g. the control). The service does not tell the
 * respondent their arm; they only see its message.
 */
export type ArmOf = (seen: ReadonlySet<string>) => string | undefined;

/** Reads the arm of the instrument's (first) experiment from the questions a respondent saw. */
export function armReader(instrument: Instrument): ArmOf {
  const experiment = experimentsOf(instrument)[0]?.experiment;
  if (!experiment) return () => undefined;
  return (seen) =>
    (
      experiment.arms.find((a) => a.questions.length > 0 && a.questions.some((q) => seen.has(q))) ??
      experiment.arms.find((a) => a.questions.length === 0)
    )?.code;
}

/** Only the grid items a page shows (the respondent's answer may hold more). */
function forPage(q: PageView['questions'][number], value: unknown): unknown {
  if (q.kind !== 'grid' || typeof value !== 'object' || value === null || 'missing' in value) return value;
  const items = value as Record<string, unknown>;
  return Object.fromEntries(q.items.map((i) => [i.code, items[i.code] ?? 'no']));
}

/** One respondent's flow through the service; resolves when they submit or stop. */
export async function answerThroughService(
  db: Database,
  waveId: string,
  r: SimulatedRespondent,
  userAgent: string,
  armOf: ArmOf = () => undefined,
): Promise<FlowOutcome> {
  const startBody = { consent: true, language: r.language };
  const created = await startSession(db, {
    waveId,
    language: r.language,
    userAgent,
    requestHash: requestHash('POST', `/v1/waves/${waveId}/sessions`, startBody),
  });
  const { sessionId, secret } = created.body;
  let page: PageView | null = created.body.page;
  let progress = created.body.progress;
  const seen = new Set<string>();
  while (page !== null) {
    if (page.blockId === r.breaksOffAt) return 'break_off';
    for (const q of page.questions) seen.add(q.code);
    const questions = page.questions.filter((q) => q.kind !== 'info');
    // A last page of information only (the thanks) is not saved: the respondent submits from it.
    // Earlier information-only pages (a message of the experiment) are read and saved.
    if (questions.length === 0 && progress.done + 1 >= progress.total) break;
    const arm = armOf(seen);
    const own = { ...r.answers, ...(arm !== undefined ? r.armAnswers[arm] : undefined) };
    const answers = Object.fromEntries(
      questions.filter((q) => own[q.code] !== undefined).map((q) => [q.code, forPage(q, own[q.code])]),
    );
    const path = `/v1/sessions/${sessionId}/pages/${page.blockId}`;
    const saved = await savePage(db, {
      sessionId,
      secret,
      blockId: page.blockId,
      answers,
      complete: true,
      requestHash: requestHash('PUT', path, { answers, complete: true }),
    });
    page = saved.body.page;
    progress = saved.body.progress;
  }
  await submitSession(db, {
    sessionId,
    secret,
    requestHash: requestHash('POST', `/v1/sessions/${sessionId}/submit`, null),
  });
  return 'submitted';
}

export interface CollectPlan {
  readonly waveId: string;
  readonly wave: string;
  /** ISO3 → the number of respondents who start. */
  readonly starts: ReadonlyMap<string, number>;
}

/** Starters needed for about `completes` submitted responses, given the break-off rate. */
export function startsFor(completes: number): number {
  return Math.max(1, Math.round(completes / (1 - BREAK_OFF)));
}

export interface CollectProgress {
  readonly done: number;
  readonly submitted: number;
  readonly breakOffs: number;
}

/**
 * Every planned respondent of a wave answers through the service, `concurrency` flows at a time.
 * Respondents are drawn from seeded streams per country, so a seed gives the same answers.
 */
export async function collectWave(
  db: Database,
  world: SimulatedWorld,
  plan: CollectPlan,
  options: {
    readonly seed: string;
    readonly concurrency: number;
    readonly onFlow?: (p: CollectProgress) => void;
    readonly signal?: AbortSignal | undefined;
  },
): Promise<CollectProgress> {
  const instrument = world.study.instruments.find((i) =>
    i.blocks.some((b) => b.questions.some((q) => q.code === 'COUNTRY')),
  );
  const countryQuestion = instrument?.blocks.flatMap((b) => b.questions).find((q) => q.code === 'COUNTRY');
  const regionQuestion = instrument?.blocks.flatMap((b) => b.questions).find((q) => q.code === 'REGION');
  if (!instrument || countryQuestion?.kind !== 'single' || regionQuestion?.kind !== 'single')
    throw new Error('the demo needs single-choice COUNTRY and REGION questions');
  const pages = instrument.blocks.map((b) => b.id).filter((id) => id !== 'intro');
  // What the wave's own instrument asks (v3 adds the slogans and the message experiment).
  const fielded = waveInstrument(world.study, plan.wave);
  const sloganQuestion = findQuestion(fielded, 'SLOGAN_SEEN');
  const asks = {
    codes: new Set(fielded.blocks.flatMap((b) => b.questions.map((q) => q.code))),
    slogans: sloganQuestion?.kind === 'grid' ? sloganQuestion.items.map((i) => i.code) : [],
  };
  const armOf = armReader(fielded);
  const jobs: { iso3: string; index: number }[] = [];
  for (const [iso3, n] of plan.starts) for (let i = 0; i < n; i++) jobs.push({ iso3, index: i });
  // Interleave countries so every country fills at the same pace.
  jobs.sort((a, b) => a.index - b.index || (a.iso3 < b.iso3 ? -1 : 1));
  const streams = new Map<string, { next: () => SimulatedRespondent }>();
  const stream = (iso3: string) => {
    let s = streams.get(iso3);
    if (!s) {
      const code = iso3.toLowerCase();
      const model = world.model(iso3, plan.wave);
      const weights = samplingWeights(model);
      const regions = regionQuestion.options.filter((o) => o.code.startsWith(`${code}_`)).map((o) => o.code);
      const random = seededRandom(`demo:${options.seed}:${plan.wave}:${iso3}`);
      const country = { code, regions, language: LANGUAGE[iso3] ?? 'en' };
      s = { next: () => simulateRespondent(model, weights, country, pages, random, asks) };
      streams.set(iso3, s);
    }
    return s;
  };
  const progress = { done: 0, submitted: 0, breakOffs: 0 };
  let cursor = 0;
  const worker = async () => {
    while (cursor < jobs.length && options.signal?.aborted !== true) {
      const job = jobs[cursor++];
      if (!job) break;
      const respondent = stream(job.iso3).next();
      const outcome = await answerThroughService(
        db,
        plan.waveId,
        respondent,
        USER_AGENTS[job.index % USER_AGENTS.length] ?? '',
        armOf,
      );
      progress.done++;
      if (outcome === 'submitted') progress.submitted++;
      else progress.breakOffs++;
      options.onFlow?.(progress);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return progress;
}
