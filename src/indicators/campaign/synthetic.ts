/**
 * The synthetic control of a campaign in one country (docs/campaign-impact.md, "Synthetic
 * control"): each country's weighted share of an aimed indicator in every wave around the campaign
 * (in points, as the DiD), the donors' weights fitted on the waves before it (`syntheticControl`,
 * src/stats/impact/synthetic.ts), the pre-period fit wave by wave, the gap after it, and the
 * placebo-in-space rank. Shown beside the DiD, never instead of it; with two waves or fewer before
 * the campaign it is marked weak (`weak`), since two values can be matched by many donor mixes.
 */
import { syntheticControl } from '../../stats/index.ts';
import type { Campaign } from '../../instrument/index.ts';
import type { CampaignTable } from './table.ts';

export interface SyntheticWave {
  readonly wave: string;
  readonly post: boolean;
  /** The campaign country's weighted share, in points. */
  readonly treated: number;
  /** The synthetic control's value: the donors' shares weighted by their fitted weights. */
  readonly synthetic: number;
  /** treated − synthetic. */
  readonly gap: number;
}

export interface SyntheticPlacebo {
  readonly country: string;
  readonly preRmspe: number;
  readonly postRmspe: number;
  /** Post- over pre-period RMSPE (Infinity for an exact pre-period fit). */
  readonly ratio: number;
  /** Its gap in the first wave after the campaign, in points. */
  readonly effect: number;
}

/**
 * Whether a pre-period fit is exact to the solver's precision (an RMSPE that reads 0.00 points): a
 * donor mix reproducing the few waves before exactly leaves a residual of millionths of a point, and
 * a post/pre ratio to it (49,218.70 for Nigeria on the npm start world) is a number of the
 * arithmetic, not of the data; it is written "exact fit" and ranks first, as an infinite ratio would.
 */
export function exactPreFit(preRmspe: number): boolean {
  return preRmspe < 0.005;
}

export type SyntheticImpact =
  | {
      readonly kind: 'fitted';
      readonly treated: string;
      /** Every donor with its weight (non-negative, summing to 1), in the declared order. */
      readonly donors: readonly { readonly country: string; readonly weight: number }[];
      readonly waves: readonly SyntheticWave[];
      /** The gap in the first wave after the campaign (the DiD's wave), in points. */
      readonly effect: { readonly wave: string; readonly estimate: number };
      readonly preRmspe: number;
      readonly postRmspe: number;
      readonly ratio: number;
      /** Each donor's fit as if it had been treated. */
      readonly placebos: readonly SyntheticPlacebo[];
      /** The campaign country's rank by post/pre RMSPE ratio among donors + 1 countries (1 = the largest). */
      readonly rank: number;
      readonly units: number;
      /** rank / units: the permutation p-value; 1/units is the smallest it can be. */
      readonly p: number;
      /** Waves before the campaign the weights were fitted on. */
      readonly preWaves: number;
      /** Two pre-campaign waves or fewer: the fit says little and the method is weak. */
      readonly weak: boolean;
      /**
       * The pre-period RMSPE exceeds the effect the campaign aimed for (|aimed|): the donors cannot
       * reproduce the campaign country (it lies outside their range), and a gap after the campaign
       * cannot be told from the misfit before it.
       */
      readonly poorFit: boolean;
      /** Respondents behind each country × wave share (the public report withholds small ones). */
      readonly cells: readonly { readonly country: string; readonly wave: string; readonly n: number }[];
    }
  | {
      readonly kind: 'withheld';
      /** `no_data`: a country lacks a value in a wave; `below_minimum_n`: a share rests on too few (public outputs). */
      readonly reason: 'no_data' | 'below_minimum_n';
      readonly detail: string;
    };

/** Each country × wave's weighted mean of `y_<indicator>` × 100 and its respondents. */
function shares(table: CampaignTable, indicator: string): Map<string, { value: number; n: number }> {
  const y = table.lookup(`y_${indicator}`);
  const wave = table.lookup('wave');
  const country = table.lookup('country');
  if (y.kind !== 'numeric' || wave.kind !== 'categorical' || country.kind !== 'categorical')
    throw new Error('the campaign table lacks its outcome, wave or country column');
  const sums = new Map<string, { wy: number; w: number; n: number }>();
  const weights = table.design.weights;
  for (let i = 0; i < table.n; i++) {
    const v = y.values[i] ?? Number.NaN;
    if (!Number.isFinite(v)) continue;
    const key = `${country.values[i]}|${wave.values[i]}`;
    const s = sums.get(key) ?? { wy: 0, w: 0, n: 0 };
    const w = weights[i] ?? 0;
    s.wy += w * v;
    s.w += w;
    s.n += 1;
    sums.set(key, s);
  }
  return new Map([...sums].map(([k, s]) => [k, { value: (100 * s.wy) / s.w, n: s.n }]));
}

/** The synthetic control of `indicator` when the campaign declares one (null otherwise). */
export function syntheticImpact(
  campaign: Campaign,
  table: CampaignTable,
  indicator: string,
  aimed: number,
): SyntheticImpact | null {
  const declared = campaign.comparison;
  if (!('synthetic' in declared)) return null;
  const treated = campaign.where.countries[0];
  if (treated === undefined || campaign.where.countries.length !== 1)
    return { kind: 'withheld', reason: 'no_data', detail: 'a synthetic control is for a campaign in one country' };
  const donors = declared.synthetic.donors;
  const waves = [...table.waves.before.map((w) => w.id), ...table.waves.after.map((w) => w.id)];
  const pre = table.waves.before.length;
  const values = shares(table, indicator);
  const series = (country: string) => waves.map((w) => values.get(`${country}|${w}`));
  const cells = [treated, ...donors].flatMap((country) =>
    waves.map((wave) => ({ country, wave, n: values.get(`${country}|${wave}`)?.n ?? 0 })),
  );
  const missing = cells.find((c) => c.n === 0);
  if (missing)
    return {
      kind: 'withheld',
      reason: 'no_data',
      detail: `no respondents with a value in ${missing.country} in wave ${missing.wave}: every country needs one in every wave`,
    };
  const number = (s: readonly ({ value: number } | undefined)[]) => s.map((x) => x?.value ?? Number.NaN);
  const x1 = number(series(treated));
  const x0 = donors.map((d) => number(series(d)));
  const result = syntheticControl(x1, x0, pre);
  const first = waves[pre] ?? '';
  return {
    kind: 'fitted',
    treated,
    donors: donors.map((country, k) => ({ country, weight: result.fit.weights[k] ?? Number.NaN })),
    waves: waves.map((wave, t) => ({
      wave,
      post: t >= pre,
      treated: x1[t] ?? Number.NaN,
      synthetic: result.fit.synthetic[t] ?? Number.NaN,
      gap: result.fit.gaps[t] ?? Number.NaN,
    })),
    effect: { wave: first, estimate: result.fit.gaps[pre] ?? Number.NaN },
    preRmspe: result.fit.preRmspe,
    postRmspe: result.fit.postRmspe,
    ratio: result.fit.ratio,
    placebos: result.placebos.map((p, k) => ({
      country: donors[k] ?? '',
      preRmspe: p.preRmspe,
      postRmspe: p.postRmspe,
      ratio: p.ratio,
      effect: p.gaps[pre] ?? Number.NaN,
    })),
    rank: result.rank,
    units: donors.length + 1,
    p: result.p,
    preWaves: pre,
    weak: pre <= 2,
    poorFit: result.fit.preRmspe > Math.abs(aimed),
    cells,
  };
}
