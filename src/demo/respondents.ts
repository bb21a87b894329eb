/**
 * Simulated respondents: who answers online (non-response bias), and what they answer.
 *
 * Who: an adult of a cell starts the survey with a propensity that rises with age and education
 * (`RESPONSE_AGE`, `RESPONSE_EDUCATION`: older and more educated adults are over-represented
 * online, as in most web panels' raw samples), so unweighted estimates are biased. In the
 * textbook scenario that is all, and weighting to the age × sex and education margins removes the
 * bias; the realistic scenario adds what the margins cannot see (scenario.ts). Some break off
 * before submitting; some refuse or don't know on individual questions.
 */
import {
  FICTITIOUS_SLOGAN,
  MESSAGE_EFFECTS,
  SIMULATED_CAMPAIGNS,
  SLOGAN_NOT_SURE,
  UNAIDED_NAMES_SLOGAN,
} from './campaigns.ts';
import {
  betterPlace,
  expit,
  sloganYes,
  CAMPAIGN_DONT_KNOW,
  MAI_DEPENDS,
  MAI_DONT_KNOW,
  MAI_ITEMS,
  type CellModel,
  type CountryWaveModel,
  type MigShares,
} from './model.ts';
import type { AgeGroup, Education } from './population.ts';
import { simulateGuess } from './perception.ts';
import {
  BREAK_OFF_REALISTIC,
  REFUSE_AGE,
  REFUSE_EDUCATION,
  RESPONSE_RURAL,
  RESPONSE_WANTS_DECREASE,
  URBAN_GAP,
  URBAN_SHARE,
  type Scenario,
} from './scenario.ts';
import { MIG_ANSWERS, type MigAnswer } from './targets.ts';

export const RESPONSE_AGE: Readonly<Record<AgeGroup, number>> = {
  '15-29': -0.4,
  '30-44': -0.1,
  '45-64': 0.15,
  '65+': 0.3,
};
export const RESPONSE_EDUCATION: Readonly<Record<Education, number>> = {
  primary_or_less: -1.2,
  secondary: 0,
  tertiary: 1,
};

/** Share of starters who break off before submitting (textbook: at random; realistic: about as many, not at random). */
export const BREAK_OFF = 0.06;
/** Refusal rates, independent of everything (so no truth changes). */
const REFUSE_MIG = 0.01;
const REFUSE_ITEM = 0.005;
const REFUSE_REGION = 0.02;

const AGE_RANGE: Readonly<Record<AgeGroup, readonly [number, number]>> = {
  '15-29': [15, 29],
  '30-44': [30, 44],
  '45-64': [45, 64],
  '65+': [65, 89],
};

export type Random = () => number;

/** Draws an index from unnormalised non-negative weights. */
export function drawIndex(weights: readonly number[], random: Random): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let u = random() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] ?? 0;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

function draw<T>(items: readonly T[], weights: readonly number[], random: Random): T {
  const item = items[drawIndex(weights, random)];
  if (item === undefined) throw new Error('nothing to draw from');
  return item;
}

/** Cell weights of the online sample: population × response propensity. */
export function samplingWeights(model: CountryWaveModel): number[] {
  return model.cells.map(
    (m) => m.cell.population * Math.exp(RESPONSE_AGE[m.cell.age] + RESPONSE_EDUCATION[m.cell.education]),
  );
}

const missing = (code: 'dont_know' | 'refused') => ({ missing: code });

function migAnswer(shares: Readonly<Record<MigAnswer, number>>, random: Random): MigAnswer {
  return draw(
    MIG_ANSWERS,
    MIG_ANSWERS.map((a) => shares[a]),
    random,
  );
}

function employment(age: AgeGroup, random: Random): string {
  const codes = ['employed_full_time', 'employed_part_time', 'self_employed', 'unemployed', 'not_in_labour_force'];
  const weights =
    age === '65+'
      ? [0.05, 0.05, 0.05, 0.01, 0.84]
      : age === '15-29'
        ? [0.35, 0.15, 0.08, 0.1, 0.32]
        : [0.5, 0.12, 0.15, 0.07, 0.16];
  return draw(codes, weights, random);
}

/**
 * The MIG_LEVEL shares of the urban or rural adults of a cell whose shares are `p`: urban adults
 * want a decrease `Δ` less often than rural ones (the difference from and to "present level"),
 * and the mixture over `URBAN_SHARE` is `p` again, so no truth moves. `Δ` is `URBAN_GAP`, less
 * where the cell's shares leave no room.
 */
export function urbanShares(p: MigShares, urban: boolean): MigShares {
  const u = URBAN_SHARE;
  const gap = Math.min(URBAN_GAP, p.decreased / (1 - u), p.present_level / u);
  const shift = urban ? -gap * (1 - u) : gap * u;
  return { ...p, decreased: p.decreased + shift, present_level: p.present_level - shift };
}

/**
 * Who answers: a cell drawn from the online sample (population × propensity of the weighting
 * variables), then awareness and the MIG_LEVEL answer. Realistic: also urban or rural, and the
 * adult answers only with probability `RESPONSE_RURAL` if rural × `RESPONSE_WANTS_DECREASE` if
 * they want a decrease (rejection sampling: the sample is drawn from the population times that
 * propensity).
 */
function drawAnswerer(
  model: CountryWaveModel,
  weights: readonly number[],
  random: Random,
  scenario: Scenario,
): { m: CellModel; aware: boolean; mig: MigAnswer } {
  for (;;) {
    const m: CellModel = draw(model.cells, weights, random);
    const aware = random() < m.aware;
    const shares = aware ? m.migAware : m.migUnaware;
    if (scenario === 'textbook') return { m, aware, mig: migAnswer(shares, random) };
    const urban = random() < URBAN_SHARE;
    const mig = migAnswer(urbanShares(shares, urban), random);
    const propensity = (urban ? 1 : RESPONSE_RURAL) * (mig === 'decreased' ? RESPONSE_WANTS_DECREASE : 1);
    if (random() < propensity) return { m, aware, mig };
  }
}

/** Realistic refusal of a demographic question, at `rate`; the textbook scenario never refuses (and draws nothing). */
function refusedOr(scenario: Scenario, rate: number, value: unknown, random: Random): unknown {
  return scenario === 'realistic' && random() < rate ? missing('refused') : value;
}

/** The block a respondent breaks off before, or null: at random (textbook) or depending on who they are (realistic). */
function breakOff(scenario: Scenario, m: CellModel, mig: MigAnswer, pages: readonly string[], random: Random) {
  const rate =
    scenario === 'textbook'
      ? BREAK_OFF
      : mig === 'dont_know'
        ? BREAK_OFF_REALISTIC.noOpinion
        : m.cell.age === '15-29'
          ? BREAK_OFF_REALISTIC.young
          : BREAK_OFF_REALISTIC.other;
  return random() < rate && pages.length > 0
    ? draw(
        pages,
        pages.map(() => 1),
        random,
      )
    : null;
}

export interface SimulatedRespondent {
  /** Every answer the respondent would give, by question code; a page takes the answers of its questions. */
  readonly answers: Readonly<Record<string, unknown>>;
  /**
   * Answers that depend on the message experiment's arm (assigned by the service), by arm code:
   * the respondent's potential outcomes, drawn from one uniform so the arms differ only by the effect.
   */
  readonly armAnswers: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Breaks off before this page (a block id), or never. */
  readonly breaksOffAt: string | null;
  readonly language: string;
}

/**
 * One respondent of a country in a wave: a cell drawn from the online sample, then answers from
 * the cell's model. `regions` are the REGION option codes of the country; `pages` the blocks a
 * break-off may stop before.
 */
export function simulateRespondent(
  model: CountryWaveModel,
  weights: readonly number[],
  country: {
    readonly code: string;
    readonly regions: readonly string[];
    readonly language: string;
    /** The official foreign-born share (percent) the wave compares the country with (perception.ts). */
    readonly foreignBornShare?: number;
  },
  pages: readonly string[],
  random: Random,
  asks?: { readonly codes: ReadonlySet<string>; readonly slogans: readonly string[] },
  scenario: Scenario = 'textbook',
): SimulatedRespondent {
  const { m, aware, mig } = drawAnswerer(model, weights, random, scenario);
  const [lo, hi] = AGE_RANGE[m.cell.age];
  const answers: Record<string, unknown> = {
    CONSENT: true,
    COUNTRY: country.code,
    REGION:
      random() < REFUSE_REGION || country.regions.length === 0
        ? missing('refused')
        : draw(
            country.regions,
            country.regions.map(() => 1),
            random,
          ),
    AGE: refusedOr(
      scenario,
      m.cell.age === '65+' ? REFUSE_AGE.old : REFUSE_AGE.other,
      lo + Math.floor(random() * (hi - lo + 1)),
      random,
    ),
    SEX: m.cell.sex,
    EDUCATION: refusedOr(
      scenario,
      m.cell.education === 'primary_or_less' ? REFUSE_EDUCATION.primary : REFUSE_EDUCATION.other,
      m.cell.education,
      random,
    ),
    EMPLOYMENT: employment(m.cell.age, random),
    MIG_LEVEL: random() < REFUSE_MIG ? missing('refused') : mig === 'dont_know' ? missing('dont_know') : mig,
    MIG_JOBS: draw<unknown>(
      ['jobs_not_wanted', 'jobs_wanted', missing('dont_know'), missing('refused')],
      [0.55, 0.3, 0.13, 0.02],
      random,
    ),
    KNOWS_MIGRANTS: draw<unknown>(
      ['yes', 'no', missing('dont_know'), missing('refused')],
      [0.45, 0.5, 0.04, 0.01],
      random,
    ),
    CAMPAIGN_SEEN:
      random() < REFUSE_ITEM
        ? missing('refused')
        : aware
          ? 'yes'
          : random() < CAMPAIGN_DONT_KNOW
            ? missing('dont_know')
            : 'no',
  };
  for (const item of MAI_ITEMS) {
    const good = m.maiGood(item, mig);
    answers[item] =
      random() < REFUSE_ITEM
        ? missing('refused')
        : draw<unknown>(
            ['good', 'bad', 'depends', missing('dont_know')],
            [good, 1 - MAI_DEPENDS - MAI_DONT_KNOW - good, MAI_DEPENDS, MAI_DONT_KNOW],
            random,
          );
  }
  if (answers.CAMPAIGN_SEEN === 'yes') {
    const channels = ['tv', 'radio', 'social_media', 'news_websites', 'posters', 'other'];
    const youth = expit(m.cell.age === '15-29' ? 1 : m.cell.age === '65+' ? -1 : 0);
    const where = channels.filter((c, i) => random() < (c === 'social_media' ? youth : i === 0 ? 1 - youth : 0.2));
    answers.CAMPAIGN_WHERE = where.length > 0 ? where : ['tv'];
  }
  const breaksOffAt = breakOff(scenario, m, mig, pages, random);
  // Instrument v3 (drawn after everything else, and only when the wave asks them, so the earlier waves' answers stay as they were).
  const asked = (code: string) => asks === undefined || asks.codes.has(code);
  if (asked('SLOGAN_SEEN'))
    Object.assign(
      answers,
      exposure(model, m, aware, asks?.slogans ?? DEFAULT_SLOGANS, answers.CAMPAIGN_SEEN === 'yes', random),
    );
  const armAnswers: Record<string, Record<string, unknown>> = {};
  if (asked('MSG_BETTER_PLACE')) {
    const refuses = random() < REFUSE_ITEM;
    const u = random();
    for (const [arm, effect] of Object.entries(MESSAGE_EFFECTS)) {
      const p = betterPlace(m, mig, effect);
      const answer = draw(
        ['better', 'no_difference', 'worse', 'dont_know'],
        [p.better, p.no_difference, p.worse, p.dont_know],
        () => u,
      );
      armAnswers[arm] = {
        MSG_BETTER_PLACE: refuses ? missing('refused') : answer === 'dont_know' ? missing('dont_know') : answer,
      };
    }
  }
  // Instrument v4: the perception question (perception.ts), drawn last for the same reason; asked
  // when the wave's instrument has it (or, with no instrument named, when the share is known).
  if (asks === undefined ? country.foreignBornShare !== undefined : asks.codes.has('MIG_SHARE_GUESS')) {
    if (country.foreignBornShare === undefined)
      throw new Error(`the demo asks MIG_SHARE_GUESS in ${country.code} without its foreign-born share`);
    answers.MIG_SHARE_GUESS = simulateGuess(m.cell, country.foreignBornShare, random);
  }
  return { answers, armAnswers, breaksOffAt, language: country.language };
}

/** The SLOGAN_SEEN items: every simulated campaign's slogan and the fictitious one. */
const DEFAULT_SLOGANS = [...SIMULATED_CAMPAIGNS.flatMap((c) => (c.slogan ? [c.slogan.item] : [])), FICTITIOUS_SLOGAN];

const SLOGAN_CHANNELS = ['tv', 'radio', 'social_media', 'news_websites', 'posters', 'events', 'other'];
const UNAIDED_VAGUE = [
  'Something about migrants and the work they do here.',
  'An advert about migrants being part of the community.',
  'I do not remember the details.',
];

/**
 * The v3 exposure answers: aided recall of each slogan (SLOGAN_SEEN; the slogan of the campaign
 * measured here recalled by the aware with SLOGAN_RECALL_AWARE, every other slogan — the
 * fictitious one included — with the false-recall rate), unaided recall in the respondent's words
 * (CAMPAIGN_UNAIDED, asked only after CAMPAIGN_SEEN = yes; not required, so often left blank) and
 * where the slogans were seen (SLOGAN_WHERE: channels for those who recall one, "none" otherwise).
 */
function exposure(
  model: CountryWaveModel,
  m: CellModel,
  aware: boolean,
  slogans: readonly string[],
  seenCampaign: boolean,
  random: Random,
): Record<string, unknown> {
  const live = model.campaign?.slogan;
  const out: Record<string, unknown> = {};
  const grid: Record<string, string> = {};
  for (const item of slogans) {
    const yes = sloganYes(aware, item === live?.item);
    grid[item] = random() < yes ? 'yes' : random() < SLOGAN_NOT_SURE ? 'not_sure' : 'no';
  }
  const refused = random() < REFUSE_ITEM;
  out.SLOGAN_SEEN = refused ? missing('refused') : grid;
  const recalled = !refused && Object.values(grid).includes('yes');
  if (seenCampaign) {
    const u = random();
    if (live && !refused && grid[live.item] === 'yes' && u < UNAIDED_NAMES_SLOGAN)
      out.CAMPAIGN_UNAIDED = `The campaign with the slogan "${live.words}".`;
    else if (u > 0.5)
      out.CAMPAIGN_UNAIDED = draw(
        UNAIDED_VAGUE,
        UNAIDED_VAGUE.map(() => 1),
        random,
      );
  }
  if (recalled) {
    // As for CAMPAIGN_WHERE: the young saw it on social media, the old on television.
    const youth = expit(m.cell.age === '15-29' ? 1 : m.cell.age === '65+' ? -1 : 0);
    const where = SLOGAN_CHANNELS.filter(
      (c) =>
        random() <
        (c === 'social_media' ? youth : c === 'tv' ? 1 - youth : c === 'events' || c === 'other' ? 0.05 : 0.2),
    );
    out.SLOGAN_WHERE = where.length > 0 ? where : ['posters'];
  } else {
    out.SLOGAN_WHERE =
      random() < (Object.values(grid).includes('not_sure') ? 0.3 : 0.03) ? missing('dont_know') : ['none'];
  }
  return out;
}
