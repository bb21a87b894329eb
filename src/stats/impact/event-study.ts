/**
 * Event study of a campaign: for every wave t around it, the difference-in-differences against the
 * last wave before the campaign (the reference, 0 by construction),
 *
 *   D_t = (p̂₁ₜ − p̂₁ᵣ) − (p̂₀ₜ − p̂₀ᵣ),
 *
 * of the weighted group × wave means, each with its SE from their joint linearisation covariance
 * and an interval on the design df (R: `svycontrast(svyby(~y, ~G + wave, design, svymean, covmat =
 * TRUE), …)`), as the report's DiD of four cells, which is D at the first wave after the campaign.
 * Before the campaign the D_t are placebo differences (zero under parallel trends); after it, the
 * effect wave by wave. Roth et al. (2023) J. Econometrics 235, §3 and §4.
 */
import { degreesOfFreedom, restrictToDomain } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { linearContrast } from '../estimation/contrast.ts';
import { domainEstimates } from '../estimation/domain.ts';
import type { ColumnLookup } from '../regression/model-matrix.ts';
import { at } from '../checked.ts';
import { binary } from './did.ts';
import { effectOf, type Effect } from './effect.ts';

export interface EventStudyOptions {
  readonly outcome: string;
  /** 0/1 column: 1 in the campaign countries. */
  readonly group: string;
  /** Wave labels (categorical). */
  readonly wave: string;
  /** The waves in time order, and the one the differences are taken against. */
  readonly waves: readonly string[];
  readonly reference: string;
  readonly domain?: (row: number) => boolean;
  readonly level?: number;
  readonly scale?: number;
}

export interface EventStudy {
  readonly reference: string;
  /** Respondents with an outcome in each group × wave cell (group 1: campaign countries). */
  readonly cells: readonly { readonly group: 0 | 1; readonly wave: string; readonly n: number }[];
  /** One per wave in order; the reference's is 0 with no interval (`reference: true`). */
  readonly periods: readonly (
    | (Effect & { readonly wave: string; readonly reference: false })
    | { readonly wave: string; readonly reference: true; readonly estimate: 0 }
  )[];
}

export function eventStudy(design: SurveyDesign, lookup: ColumnLookup, options: EventStudyOptions): EventStudy {
  const level = options.level ?? 0.95;
  const scale = options.scale ?? 100;
  const inWaves = new Set(options.waves);
  if (!inWaves.has(options.reference))
    throw new SurveyError('invalid_argument', `the reference wave ${options.reference} is not among the waves`);
  const waveCol = lookup(options.wave);
  const label = (i: number): string | null => {
    const v = waveCol.values[i];
    return typeof v === 'string' && inWaves.has(v) ? v : null;
  };
  const base = options.domain ?? (() => true);
  const inDomain = (i: number) => base(i) && label(i) !== null;
  const group = binary(lookup, options.group, 'group', inDomain);
  const outcome = lookup(options.outcome);
  if (outcome.kind !== 'numeric')
    throw new SurveyError('invalid_argument', `outcome ${options.outcome} must be numeric`);
  const levels = options.waves.flatMap((w) => [`0|${w}`, `1|${w}`]);
  const index = new Map(levels.map((l, k) => [l, k]));
  // Rows outside the domain keep code 0; restrictToDomain gives them no weight.
  const codes = Int32Array.from({ length: design.n }, (_, i) =>
    inDomain(i) ? (index.get(`${at(group, i)}|${label(i)}`) ?? 0) : 0,
  );
  const sub = restrictToDomain(design, inDomain);
  const dom = domainEstimates(sub, 'mean', [{ name: options.outcome, values: outcome.values }], { codes, levels });
  const missing = levels.filter((l) => !dom.domains.includes(l));
  if (missing.length > 0)
    throw new SurveyError(
      'empty_domain',
      `no interviews with an outcome in: ${missing.map((l) => `${l.startsWith('1') ? 'campaign' : 'comparison'} countries in ${l.slice(2)}`).join(', ')}`,
    );
  const stat = { ...dom.joint, names: dom.domains };
  const df = degreesOfFreedom(sub);
  const r = options.reference;
  return {
    reference: r,
    cells: dom.domains.map((l, k) => ({ group: l.startsWith('1') ? 1 : 0, wave: l.slice(2), n: at(dom.n, k) })),
    periods: options.waves.map((wave) => {
      if (wave === r) return { wave, reference: true as const, estimate: 0 as const };
      const c = linearContrast(stat, { [`1|${wave}`]: 1, [`1|${r}`]: -1, [`0|${wave}`]: -1, [`0|${r}`]: 1 });
      return { ...effectOf(c.estimate, c.se, df, level, scale), wave, reference: false as const };
    }),
  };
}
