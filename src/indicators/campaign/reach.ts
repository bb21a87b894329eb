/**
 * How far a campaign reached, measured after it: the weighted share of adults who recall its
 * slogans (aided recall) by country and by subgroup, the false-recall rate (the fictitious
 * slogan), unaided recall, and where those who recall it saw it — each with its design-based
 * interval (logit interval for a proportion, R's `svyciprop(method = "logit")`), in percent.
 */
import { proportionInterval, restrictToDomain } from '../../stats/index.ts';
import type { SuppressionReason } from '../types.ts';
import type { AnalysisColumn, CampaignTable } from './table.ts';
import { at } from '../../stats/checked.ts';

/**
 * A weighted share in percent with its interval. Shares from fewer respondents than the study's
 * `minimumN` are flagged `below_minimum_n` (withheld from public outputs by `publishCampaignReport`);
 * `no_data` (estimate null) when fewer than two respondents are in the base.
 */
export interface Share {
  readonly estimate: number | null;
  readonly se: number | null;
  readonly ci: readonly [number, number] | null;
  readonly level: number;
  /** Unweighted respondents in the base. */
  readonly n: number;
  readonly suppressed: SuppressionReason | null;
}

function numericColumn(table: CampaignTable, name: string): Float64Array {
  const col: AnalysisColumn = table.lookup(name);
  if (col.kind !== 'numeric') throw new Error(`column ${name} is not numeric`);
  return col.values;
}

/** The rows of a share's base: `inBase`, `column` known, a positive weight. */
function baseOf(table: CampaignTable, column: string, inBase: (row: number) => boolean): (row: number) => boolean {
  const values = numericColumn(table, column);
  return (i) => inBase(i) && !Number.isNaN(values[i] ?? Number.NaN) && at(table.design.weights, i) > 0;
}

/** Σ weights over a share's base: its weight in the means it is a term of. */
function baseWeight(table: CampaignTable, column: string, inBase: (row: number) => boolean): number {
  const base = baseOf(table, column, inBase);
  let total = 0;
  for (let i = 0; i < table.n; i++) if (base(i)) total += at(table.design.weights, i);
  return total;
}

/** The weighted share of rows with `column` = 1 among rows where `inBase` holds and `column` is known. */
export function shareOf(
  table: CampaignTable,
  column: string,
  inBase: (row: number) => boolean,
  minimumN: number,
  level = 0.95,
): Share {
  const values = numericColumn(table, column);
  const base = baseOf(table, column, inBase);
  let n = 0;
  for (let i = 0; i < table.n; i++) if (base(i)) n++;
  if (n < 2) return { estimate: null, se: null, ci: null, level, n, suppressed: 'no_data' };
  const design = restrictToDomain(table.design, base);
  const clean = Float64Array.from(values, (v, i) => (base(i) ? v : 0));
  const p = proportionInterval(design, { name: column, values: clean }, 'logit', { level });
  return {
    estimate: 100 * p.estimate,
    se: 100 * p.se,
    ci: [100 * p.ci[0], 100 * p.ci[1]],
    level,
    n,
    suppressed: n < minimumN ? 'below_minimum_n' : null,
  };
}

/** Rows where a categorical column has `level`. */
export function whereLevel(table: CampaignTable, column: string, level: string): (row: number) => boolean {
  const col = table.lookup(column);
  if (col.kind !== 'categorical') throw new Error(`column ${column} is not categorical`);
  return (i) => col.values[i] === level;
}

export interface Reach {
  /** Aided recall of the campaign's slogans after it, in each campaign country (and, as a benchmark of noise, in the comparison countries pooled). */
  readonly byCountry: readonly ({ readonly country: string } & Share)[];
  readonly comparison: Share;
  /** Aided recall in the campaign countries pooled, by subgroup (weighting variables). */
  readonly bySubgroup: readonly ({
    readonly subgroup: { readonly variable: string; readonly level: string };
  } & Share)[];
  readonly overall: Share;
  /** "Seen" the fictitious slogan, in the campaign countries after the campaign. */
  readonly falseRecall: Share;
  /** Aided recall minus false recall: a rough floor for real reach (percentage points). */
  readonly netOfFalseRecall: number | null;
  /** Named the campaign without being shown a slogan. */
  readonly unaided: Share | null;
  /** Among those who recall the campaign, where they saw it. */
  readonly channels: readonly ({ readonly channel: string } & Share)[];
}

/** The bases of the reach shares: after the campaign, in its countries pooled, each country, each subgroup level. */
function reachBases(table: CampaignTable) {
  const group = numericColumn(table, 'group');
  const post = numericColumn(table, 'post');
  const after = (i: number) => post[i] === 1;
  const inCampaign = (i: number) => after(i) && group[i] === 1;
  const countryBase = (country: string) => {
    const inCountry = whereLevel(table, 'country', country);
    return (i: number) => after(i) && inCountry(i);
  };
  const subgroups = table.covariates.flatMap((variable) => {
    const col = table.lookup(variable);
    const levels =
      col.kind === 'categorical' ? [...new Set(col.values.filter((v): v is string => v !== null))].sort() : [];
    return levels.map((level) => {
      const inLevel = whereLevel(table, variable, level);
      return { subgroup: { variable, level }, base: (i: number) => inCampaign(i) && inLevel(i) };
    });
  });
  return { group, after, inCampaign, countryBase, subgroups };
}

/** The weights relating the reach shares: Σ weights over the base of the pooled share, of each country's and of each subgroup level's. */
export function reachWeights(table: CampaignTable): ReachWeights {
  const { inCampaign, countryBase, subgroups } = reachBases(table);
  return {
    overall: baseWeight(table, 'aware', inCampaign),
    byCountry: table.countries.campaign.map((c) => baseWeight(table, 'aware', countryBase(c))),
    bySubgroup: subgroups.map((s) => baseWeight(table, 'aware', s.base)),
  };
}

export interface ReachWeights {
  readonly overall: number;
  readonly byCountry: readonly number[];
  readonly bySubgroup: readonly number[];
}

/** The reach of the campaign of `table`; shares on fewer than `minimumN` respondents are flagged. */
export function campaignReach(table: CampaignTable, minimumN: number): Reach {
  const share = (column: string, inBase: (row: number) => boolean) => shareOf(table, column, inBase, minimumN);
  const { group, after, inCampaign, countryBase, subgroups } = reachBases(table);
  const overall = share('aware', inCampaign);
  const falseRecall = share('false_recall', inCampaign);
  const aware = numericColumn(table, 'aware');
  const channels = [...table.columns.keys()].filter((k) => k.startsWith('channel_'));
  return {
    byCountry: table.countries.campaign.map((country) => ({ country, ...share('aware', countryBase(country)) })),
    comparison: share('aware', (i) => after(i) && group[i] === 0),
    bySubgroup: subgroups.map(({ subgroup, base }) => ({ subgroup, ...share('aware', base) })),
    overall,
    falseRecall,
    netOfFalseRecall:
      overall.estimate !== null && falseRecall.estimate !== null ? overall.estimate - falseRecall.estimate : null,
    unaided: table.columns.has('unaided') ? share('unaided', inCampaign) : null,
    channels: channels.map((c) => ({
      channel: c.slice('channel_'.length),
      ...share(c, (i) => inCampaign(i) && aware[i] === 1),
    })),
  };
}
