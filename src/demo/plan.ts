/**
 * Which simulated respondents answer a wave, in which order, and what each page gets from them:
 * shared by the service path (collect.ts) and the bulk path (bulk.ts), so the same seed gives the
 * same respondents, in the same order, giving the same answers on the same pages.
 */
import type { PageView } from '../collection/schemas.ts';
import {
  experimentsOf,
  findQuestion,
  referenceFor,
  waveInstrument,
  type Instrument,
  type Study,
} from '../instrument/index.ts';
import { seededRandom } from '../instrument/random.ts';
import { simulateRespondent, samplingWeights, type SimulatedRespondent } from './respondents.ts';
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

export const USER_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
];

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

/** What the respondent enters on a page they see (their arm's answers once the service assigned one). */
export function pageAnswers(
  page: PageView,
  r: SimulatedRespondent,
  seen: ReadonlySet<string>,
  armOf: ArmOf,
): Record<string, unknown> {
  const arm = armOf(seen);
  const own = { ...r.answers, ...(arm !== undefined ? r.armAnswers[arm] : undefined) };
  return Object.fromEntries(
    page.questions
      .filter((q) => q.kind !== 'info' && own[q.code] !== undefined)
      .map((q) => [q.code, forPage(q, own[q.code])]),
  );
}

/** One planned respondent: their country, their place in the country's stream, their device. */
export interface PlannedRespondent {
  readonly iso3: string;
  readonly index: number;
  readonly userAgent: string;
  readonly respondent: SimulatedRespondent;
}

/**
 * The respondents of a wave in the order they answer: countries interleaved (so every country
 * fills at the same pace), each drawn from a seeded stream per country, wave and seed.
 */
/** The official foreign-born share a wave compares a country with (the study's `foreignBornShare` series), if it has one. */
export function foreignBornShare(study: Study, iso3: string, wave: string): number | undefined {
  const series = study.references.find((r) => r.id === 'foreignBornShare');
  const year = study.waves.find((w) => w.id === wave)?.year;
  return series && year !== undefined ? referenceFor(series, iso3, year)?.value : undefined;
}

export function* plannedRespondents(
  world: SimulatedWorld,
  wave: string,
  starts: ReadonlyMap<string, number>,
  seed: string,
): Generator<PlannedRespondent> {
  const instrument = world.study.instruments.find((i) =>
    i.blocks.some((b) => b.questions.some((q) => q.code === 'COUNTRY')),
  );
  const regionQuestion = instrument?.blocks.flatMap((b) => b.questions).find((q) => q.code === 'REGION');
  if (!instrument || regionQuestion?.kind !== 'single')
    throw new Error('the demo needs a single-choice REGION question');
  const pages = instrument.blocks.map((b) => b.id).filter((id) => id !== 'intro');
  // What the wave's own instrument asks (v3 adds the slogans and the message experiment).
  const fielded = waveInstrument(world.study, wave);
  const sloganQuestion = findQuestion(fielded, 'SLOGAN_SEEN');
  const asks = {
    codes: new Set(fielded.blocks.flatMap((b) => b.questions.map((q) => q.code))),
    slogans: sloganQuestion?.kind === 'grid' ? sloganQuestion.items.map((i) => i.code) : [],
  };
  const jobs: { iso3: string; index: number }[] = [];
  for (const [iso3, n] of starts) for (let i = 0; i < n; i++) jobs.push({ iso3, index: i });
  jobs.sort((a, b) => a.index - b.index || (a.iso3 < b.iso3 ? -1 : 1));
  const streams = new Map<string, () => SimulatedRespondent>();
  const stream = (iso3: string) => {
    let next = streams.get(iso3);
    if (!next) {
      const code = iso3.toLowerCase();
      const model = world.model(iso3, wave);
      const weights = samplingWeights(model);
      const regions = regionQuestion.options.filter((o) => o.code.startsWith(`${code}_`)).map((o) => o.code);
      const random = seededRandom(`demo:${seed}:${wave}:${iso3}`);
      const country = {
        code,
        regions,
        language: LANGUAGE[iso3] ?? 'en',
        foreignBornShare: foreignBornShare(world.study, iso3, wave),
      };
      next = () => simulateRespondent(model, weights, country, pages, random, asks, world.scenario);
      streams.set(iso3, next);
    }
    return next;
  };
  for (const job of jobs)
    yield { ...job, userAgent: USER_AGENTS[job.index % USER_AGENTS.length] ?? '', respondent: stream(job.iso3)() };
}
