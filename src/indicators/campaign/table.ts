/**
 * The stacked microdata of one campaign: every weighted response of the waves around it, in the
 * campaign and comparison countries, as analysis columns over one survey design.
 *
 * The design stacks the waves as R would with `rbind` of the per-wave designs: each country ×
 * wave is its own stratum (independent samples), each respondent its own PSU, and the weights are
 * the current weighting run's (taken as given: the variance does not re-run the raking).
 *
 * Columns (numeric ones are NaN where the value is missing or the question was not asked):
 * - `group` 1 in a campaign country (and region, when the campaign names regions), 0 in a comparison country;
 * - `post` 1 in a wave that starts after the campaign ends, 0 in one that ends before it starts;
 * - `wave`, `country`: labels; `age_group`, `sex`, `education`… the study's weighting variables;
 * - `y_<indicator>` each aimed indicator's score (0/1 for shares);
 * - `aware` aided recall of any of the campaign's slogans; `false_recall` "seen" the fictitious one;
 *   `unaided` the open answer names the campaign (keywords); `channel_<code>` where it was seen;
 * - `arm` and `y_<outcome>` for the campaign's message experiment; `prior` its `byPrior` indicator (0/1).
 */
import { AppError } from '../../errors.ts';
import { createDesign, type SurveyDesign } from '../../stats/index.ts';
import {
  campaignWaves,
  comparisonCountries,
  findQuestion,
  isMissing,
  scoreIndicator,
  indicatorReferenceValue,
  waveInstrument,
  weightingLevel,
  type Answers,
  type Campaign,
  type ComparisonWeighting,
  type Instrument,
  type Study,
  type Wave,
} from '../../instrument/index.ts';

/** One weighted response as the campaign report reads it. */
export interface CampaignResponse {
  /** Wave id of the study definition (`mp-2026`). */
  readonly wave: string;
  readonly iso3: string;
  readonly weight: number;
  readonly answers: Readonly<Answers>;
  /** Primary sampling unit when respondents are clustered (default: each respondent). */
  readonly psu?: string;
}

export type AnalysisColumn =
  | { readonly kind: 'numeric'; readonly values: Float64Array }
  | { readonly kind: 'categorical'; readonly values: readonly (string | null)[] };

export interface CampaignTable {
  readonly n: number;
  readonly design: SurveyDesign;
  readonly columns: ReadonlyMap<string, AnalysisColumn>;
  /** The column called `name`; throws naming it when there is none. */
  readonly lookup: (name: string) => AnalysisColumn;
  readonly countries: { readonly campaign: readonly string[]; readonly comparison: readonly string[] };
  /** How the comparison countries are weighted against each other (the campaign's declaration). */
  readonly weighting: ComparisonWeighting;
  readonly waves: { readonly before: readonly Wave[]; readonly after: readonly Wave[] };
  /** Covariates of the adjusted estimates (the study's weighting variables). */
  readonly covariates: readonly string[];
}

/** Thrown when the data cannot support a campaign report (no rows in a needed cell…): a conflict with the stored state. */
export class CampaignDataError extends AppError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'CampaignDataError';
  }
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Whether an open answer names the campaign: any keyword, case- and accent-insensitive. */
export function mentions(text: unknown, keywords: readonly string[]): boolean {
  if (typeof text !== 'string') return false;
  const t = fold(text);
  return keywords.some((k) => t.includes(fold(k)));
}

/** The stacked table of `campaign` from `responses` (responses of other waves or countries are left out). */
export function campaignTable(study: Study, campaign: Campaign, responses: readonly CampaignResponse[]): CampaignTable {
  const { before, after, used, side, campaignCountries, comparison, rows } = campaignRows(study, campaign, responses);
  const n = rows.length;
  const instrumentOf = new Map([...used.keys()].map((w) => [w, waveInstrument(study, w)]));
  const numeric = (f: (r: CampaignResponse) => number) => numericColumn(rows, f);
  const columns = new Map<string, AnalysisColumn>();
  columns.set(
    'group',
    numeric((r) => side.get(r.iso3) ?? Number.NaN),
  );
  columns.set(
    'post',
    numeric((r) => used.get(r.wave) ?? Number.NaN),
  );
  columns.set('wave', { kind: 'categorical', values: rows.map((r) => r.wave) });
  columns.set('country', { kind: 'categorical', values: rows.map((r) => r.iso3) });
  for (const v of study.weightingVariables)
    columns.set(v.name, {
      kind: 'categorical',
      values: rows.map((r) => weightingLevel(v, r.answers[v.question]) ?? null),
    });

  const score = (indicatorId: string) => {
    const indicator = study.indicators.find((i) => i.id === indicatorId);
    if (!indicator)
      throw new CampaignDataError(
        `campaign ${campaign.id} uses indicator ${indicatorId}, which the study does not define`,
      );
    return numeric((r) => {
      const instrument = instrumentOf.get(r.wave);
      if (!instrument) return Number.NaN;
      const year = study.waves.find((w) => w.id === r.wave)?.year;
      if (year === undefined) return Number.NaN;
      const s = scoreIndicator(
        indicator,
        instrument,
        r.answers,
        indicatorReferenceValue(indicator, study.references, r.iso3, year),
      );
      return s.inBase ? s.value : Number.NaN;
    });
  };
  for (const aim of campaign.aims) columns.set(`y_${aim.indicator}`, score(aim.indicator));

  addExposureColumns(columns, campaign, rows, instrumentOf);
  if (campaign.experiment) {
    const { code, outcome } = campaign.experiment;
    columns.set('arm', {
      kind: 'categorical',
      values: rows.map((r) => (typeof r.answers[code] === 'string' ? String(r.answers[code]) : null)),
    });
    columns.set(`y_${outcome}`, score(outcome));
    // 1 if the respondent overestimated before the message (the `byPrior` indicator), 0 if not.
    const prior = campaign.experiment.byPrior;
    if (prior) columns.set('prior', score(prior.indicator));
  }

  const design = createDesign({
    weights: comparisonWeights(rows, side, campaign.comparison.weighting),
    strata: rows.map((r) => `${r.wave}|${r.iso3}`),
    ids: [rows.map((r, i) => r.psu ?? `row${i}`)],
    lonelyPsu: 'certainty',
  });
  const lookup = (name: string): AnalysisColumn => {
    const col = columns.get(name);
    if (!col) throw new CampaignDataError(`no column ${name} in the table of campaign ${campaign.id}`);
    return col;
  };
  return {
    n,
    design,
    columns,
    lookup,
    countries: { campaign: campaignCountries, comparison },
    weighting: campaign.comparison.weighting,
    waves: { before, after },
    covariates: study.weightingVariables.map((v) => v.name),
  };
}

/**
 * The design weights of the rows. With `population` weighting they are the weighting run's. With
 * `equal` weighting each comparison country's weights in each wave are multiplied by one factor so
 * that every comparison country present in that wave sums to the same total: the comparison
 * group's total in that wave divided by the number of its countries present. The comparison
 * group's total, the campaign countries' weights and the weights within a country are unchanged.
 */
export function comparisonWeights(
  rows: readonly { readonly wave: string; readonly iso3: string; readonly weight: number }[],
  side: ReadonlyMap<string, 0 | 1>,
  weighting: ComparisonWeighting,
): Float64Array {
  const weights = Float64Array.from(rows, (r) => r.weight);
  if (weighting === 'population') return weights;
  const byCell = new Map<string, number>();
  const byWave = new Map<string, { total: number; countries: number }>();
  for (const r of rows) {
    if (side.get(r.iso3) !== 0) continue;
    const cell = `${r.wave}|${r.iso3}`;
    const wave = byWave.get(r.wave) ?? { total: 0, countries: 0 };
    if (!byCell.has(cell)) wave.countries += 1;
    wave.total += r.weight;
    byWave.set(r.wave, wave);
    byCell.set(cell, (byCell.get(cell) ?? 0) + r.weight);
  }
  rows.forEach((r, i) => {
    const cell = byCell.get(`${r.wave}|${r.iso3}`);
    const wave = byWave.get(r.wave);
    if (side.get(r.iso3) === 0 && cell && wave) weights[i] = (r.weight * wave.total) / wave.countries / cell;
  });
  return weights;
}

/** A numeric column of the table, one value a row. */
function numericColumn(rows: readonly CampaignResponse[], f: (r: CampaignResponse) => number): AnalysisColumn {
  return { kind: 'numeric', values: Float64Array.from(rows, f) };
}

/**
 * The responses the campaign's table stacks: those of the waves before (post 0) and after (post 1)
 * it, in a campaign country (group 1, within the campaign's regions if it names any) or a
 * comparison country (group 0), with a positive weight; none is an error.
 */
function campaignRows(study: Study, campaign: Campaign, responses: readonly CampaignResponse[]) {
  const { before, after } = campaignWaves(study.waves, campaign);
  const used = new Map([...before.map((w) => [w.id, 0] as const), ...after.map((w) => [w.id, 1] as const)]);
  const campaignCountries = [...campaign.where.countries];
  const comparison = comparisonCountries(campaign, [...before, ...after]);
  const side = new Map([...campaignCountries.map((c) => [c, 1] as const), ...comparison.map((c) => [c, 0] as const)]);
  const regions = campaign.where.regions;
  const rows = responses.filter((r) => {
    if (!used.has(r.wave) || !side.has(r.iso3) || !(r.weight > 0)) return false;
    // Outside the campaign's regions of a campaign country: neither treated nor comparison.
    if (regions && side.get(r.iso3) === 1) {
      const region = r.answers[regions.question];
      return typeof region === 'string' && regions.options.includes(region);
    }
    return true;
  });
  if (rows.length === 0)
    throw new CampaignDataError(
      `no weighted responses in the waves around campaign ${campaign.id} (${[...used.keys()].join(', ')})`,
    );
  // A later wave with no responses yet (declared ahead, still planned) is not measured: the
  // report, its event study and its synthetic control read the waves measured so far.
  const waves = new Set(rows.map((r) => r.wave));
  const measured = after.filter((w, i) => i === 0 || waves.has(w.id));
  return { before, after: measured, used, side, campaignCountries, comparison, rows };
}

/** The exposure columns: aware (aided recall of any message), false_recall, unaided recall and the channels, as the campaign asks them. */
function addExposureColumns(
  columns: Map<string, AnalysisColumn>,
  campaign: Campaign,
  rows: readonly CampaignResponse[],
  instrumentOf: ReadonlyMap<string, Instrument>,
): void {
  const numeric = (f: (r: CampaignResponse) => number) => numericColumn(rows, f);
  const { recalled, falseRecall, unaided, channels } = campaign.exposure;
  const gridItem = (r: CampaignResponse, item: { question: string; item: string }): number => {
    const raw = r.answers[item.question];
    if (raw === undefined || isMissing(raw) || typeof raw !== 'object' || Array.isArray(raw)) return Number.NaN;
    const v = raw[item.item];
    if (v === undefined || isMissing(v)) return Number.NaN;
    return v === recalled ? 1 : 0;
  };
  columns.set(
    'aware',
    numeric((r) => {
      const seen = campaign.messages.map((m) => gridItem(r, m.recall));
      return seen.some((s) => s === 1) ? 1 : seen.every((s) => Number.isNaN(s)) ? Number.NaN : 0;
    }),
  );
  columns.set(
    'false_recall',
    numeric((r) => gridItem(r, falseRecall)),
  );
  if (unaided) {
    // Asked only of those who recall a campaign: everyone else whose instrument has the question did not name it.
    const asks = (wave: string) => {
      const instrument = instrumentOf.get(wave);
      return instrument !== undefined && findQuestion(instrument, unaided.question) !== undefined;
    };
    columns.set(
      'unaided',
      numeric((r) => (asks(r.wave) ? (mentions(r.answers[unaided.question], unaided.keywords) ? 1 : 0) : Number.NaN)),
    );
  }
  if (channels) {
    const codes = campaign.channels;
    for (const code of codes) {
      columns.set(
        `channel_${code}`,
        numeric((r) => {
          const v = r.answers[channels];
          return Array.isArray(v) ? (v.includes(code) ? 1 : 0) : Number.NaN;
        }),
      );
    }
  }
}

/**
 * Throws a CampaignDataError unless the rows `included` holds responses from both the campaign
 * countries (group 1) and the comparison countries (group 0) in each of `waves`: a
 * difference-in-differences needs all four cells (a demo world of some countries may lack the
 * comparison countries).
 */
export function requireBothSides(
  table: CampaignTable,
  campaign: Campaign,
  included: (i: number) => boolean,
  waves: readonly string[],
): void {
  const wave = table.lookup('wave');
  const group = table.lookup('group');
  if (wave.kind !== 'categorical' || group.kind !== 'numeric') throw new Error('campaign table without wave or group');
  for (const w of waves)
    for (const [side, who] of [
      [1, 'campaign countries'],
      [0, 'comparison countries'],
    ] as const) {
      let found = false;
      for (let i = 0; i < table.n && !found; i++)
        found = included(i) && wave.values[i] === w && group.values[i] === side;
      if (!found)
        throw new CampaignDataError(`no weighted responses from the ${who} of campaign ${campaign.id} in wave ${w}`);
    }
}
