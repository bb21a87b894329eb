/** The campaign report as text for the terminal (`barometer campaign report`). */
import { describeAim } from './aim.ts';
import type { PriorPerceptionReport } from './fact-arm.ts';
import type { CampaignReport } from './report.ts';
import type { Share } from './reach.ts';
import { exactPreFit, type SyntheticImpact } from './synthetic.ts';

/** The sentences of a synthetic control in the report's language (the CLI passes the dashboards' words). */
export type SyntheticText = (s: SyntheticImpact, aimed: number) => readonly string[];

const f = (x: number) => (Math.abs(x) < 0.05 ? '0.0' : x.toFixed(1));
const effect = (e: { estimate: number; ci: readonly [number, number]; p: number }) =>
  `${f(e.estimate)} points (95% CI ${f(e.ci[0])} to ${f(e.ci[1])}; ${e.p < 0.001 ? 'p < 0.001' : `p = ${e.p.toFixed(3)}`})`;
const share = (s: Share) =>
  s.estimate === null || s.ci === null
    ? `no data (n = ${s.n})`
    : `${f(s.estimate)}% (95% CI ${f(s.ci[0])} to ${f(s.ci[1])}; n = ${s.n}${s.suppressed === 'below_minimum_n' ? ', below the minimum n: withheld publicly' : ''})`;

const TREND_VERDICT = {
  alike: 'both moved alike before the campaign (the interval lies within ±the aimed effect)',
  'not-ruled-out': 'no larger difference before the campaign could be ruled out',
  apart: 'FAILED: they moved apart before the campaign',
} as const;

function preTrendLines(o: CampaignReport['outcomes'][number]): string[] {
  const t = o.preTrend;
  const power = o.preTrendPower;
  if (!t || !power) return ['  pre-trend: not testable (one wave before the campaign)'];
  const d = power.difference;
  return [
    `  pre-trend (${t.waves.join(', ')}): F = ${t.statistic.toFixed(2)} on ${t.ndf} and ${t.ddf} df, p = ${t.p.toFixed(3)}`,
    `    difference ${t.waves[0] ?? ''} → ${d.wave}: ${f(d.estimate)} points (95% CI ${f(d.ci[0])} to ${f(d.ci[1])}); smallest detectable pre-trend ${f(power.mde)} points (80% power, 5% two-sided)`,
    `    ${power.kind === 'not-ruled-out' ? `no difference larger than ${f(power.ruledOut)} points before the campaign could be ruled out` : TREND_VERDICT[power.kind]}`,
  ];
}

/** The report as text; `syntheticText` words an outcome's synthetic control (required when there is one). */
export function renderCampaignReport(r: CampaignReport, syntheticText?: SyntheticText): string {
  const c = r.campaign;
  const lines: string[] = [
    `Campaign ${c.id}: ${c.name} (study ${r.study})`,
    `  ran ${c.when.start} to ${c.when.end} in ${c.countries.join(', ')}; channels: ${c.channels.join(', ')}; slogans: ${c.slogans.join(' / ')}`,
    `  compared with ${c.comparison.length} countr${c.comparison.length === 1 ? 'y' : 'ies'}, ${c.weighting === 'equal' ? 'each weighted equally' : 'weighted by population'}${c.synthetic ? ' (the donors of the synthetic control)' : ''}: ${c.comparison.join(', ')}`,
    '',
    'Summary',
    ...r.summary.map((s) => `  ${s}`),
  ];
  for (const o of r.outcomes) {
    lines.push(
      '',
      `Effect on ${o.indicator} (“${o.label}”), ${o.waves.before} → ${o.waves.after}; aimed: ${describeAim(o.aimed)}`,
    );
    const [cb, tb, ca, ta] = o.cells;
    lines.push(
      `  weighted shares: comparison ${f(cb?.estimate ?? Number.NaN)}% → ${f(ca?.estimate ?? Number.NaN)}%, campaign ${f(tb?.estimate ?? Number.NaN)}% → ${f(ta?.estimate ?? Number.NaN)}%`,
    );
    lines.push(`  difference-in-differences: ${effect(o.did)}`);
    if (o.adjusted) lines.push(`  adjusted for ${o.adjusted.covariates.join(', ')}: ${effect(o.adjusted)}`);
    lines.push(...preTrendLines(o));
    if (o.eventStudy)
      lines.push(
        `  event study, each wave against ${o.eventStudy.reference}: ${o.eventStudy.periods.map((p) => (p.reference ? `${p.wave} 0 (reference)` : `${p.wave} ${f(p.estimate)} (95% CI ${f(p.ci[0])} to ${f(p.ci[1])})`)).join('; ')}`,
      );
    lines.push(
      `  minimum detectable effect: ${f(o.mde)} points (80% power, 5% two-sided, design effect ${o.deff.toFixed(2)}) — verdict: ${o.verdict.label}`,
    );
    if (o.awareVsUnaware)
      lines.push(
        `  aware vs unaware (an association, not an effect: people who notice a campaign differ): ${effect(o.awareVsUnaware)}`,
      );
    if (o.synthetic) {
      if (!syntheticText) throw new Error(`the report of ${c.id} has a synthetic control and no words for it`);
      lines.push(
        '  synthetic control (beside the difference-in-differences):',
        ...syntheticLines(o.synthetic, o.aimed, syntheticText),
      );
    }
  }
  const reach = r.reach;
  lines.push('', 'Awareness (aided recall of the slogans, after the campaign)');
  for (const x of reach.byCountry) lines.push(`  ${x.country}: ${share(x)}`);
  lines.push(`  comparison countries (noise floor): ${share(reach.comparison)}`);
  lines.push(
    `  false recall (fictitious slogan): ${share(reach.falseRecall)}${reach.netOfFalseRecall === null ? '' : `; recall net of false recall ${f(reach.netOfFalseRecall)} points`}`,
  );
  if (reach.unaided) lines.push(`  unaided recall (named it unprompted): ${share(reach.unaided)}`);
  for (const s of reach.bySubgroup) lines.push(`  ${s.subgroup.variable} = ${s.subgroup.level}: ${share(s)}`);
  if (reach.channels.length > 0)
    lines.push(
      `  where those aware saw it: ${reach.channels.map((x) => `${x.channel} ${x.estimate === null ? '–' : `${f(x.estimate)}%`}`).join(', ')}`,
    );
  if (r.experiment) {
    const e = r.experiment;
    lines.push(
      '',
      `Message experiment ${e.code} (${e.label}) on ${e.outcome}, each arm against “${e.control}”, pooled${e.withoutArm > 0 ? ` (${e.withoutArm} respondents without an arm left out)` : ''}`,
    );
    for (const a of e.arms)
      lines.push(
        `  ${a.arm} (${a.label}): ${f(a.effect.armMean)}% vs ${f(a.effect.controlMean)}%, ${effect(a.effect)}; MDE ${f(a.mde)} — ${a.verdict.label}`,
      );
  }
  lines.push(...priorLines(r.priorPerception));
  if (r.warnings.length > 0) lines.push('', 'Warnings', ...r.warnings.map((w) => `  ${w}`));
  return `${lines.join('\n')}\n`;
}

/** The synthetic control's sentences, then its fit wave by wave and every country's placebo ratio, in numbers. */
function syntheticLines(s: SyntheticImpact, aimed: number, words: SyntheticText): string[] {
  const lines = words(s, aimed).map((x) => `    ${x}`);
  if (s.kind === 'withheld') return lines;
  return [
    ...lines,
    `    ${s.waves.map((x) => `${x.wave}${x.post ? '*' : ''} ${f(x.treated)} vs ${f(x.synthetic)} (${f(x.gap)})`).join('; ')}`,
    `    ratio ${s.treated} ${ratioWords(s)}; ${s.placebos.map((p) => `${p.country} ${ratioWords(p)}`).join(', ')}`,
  ];
}

/** The fact arm by prior overestimation: its effects and their difference, or why there is no number. */
function priorLines(p: PriorPerceptionReport | null): string[] {
  if (!p) return [];
  const head = `Arm ${p.arm} against ${p.control} on ${p.outcome}, by ${p.indicator} (more than ${p.margin} points over the official figure) before the message`;
  const why = `  not estimated: the effect on the misperception gap itself, because the perception question is asked before the message (the gap is measured before treatment)`;
  if (p.kind === 'not-yet')
    return ['', head, `  not yet: no wave asking both has responses (${p.waves.join(', ') || 'none'})`, why];
  if (p.kind === 'withheld') return ['', head, `  withheld: a cell below the minimum n (${p.n.join(', ')})`, why];
  const row = (name: string, j: { effect: Parameters<typeof effect>[0]; mde: number; verdict: { label: string } }) =>
    `  ${name}: ${effect(j.effect)}; MDE ${f(j.mde)} — ${j.verdict.label}`;
  return [
    '',
    `${head}; waves ${p.measured.join(', ')}${p.unknownPrior > 0 ? ` (${p.unknownPrior} without a perception answer left out)` : ''}`,
    row('overestimated', p.overestimated),
    row('did not overestimate', p.notOverestimated),
    row('difference', p.difference),
    why,
  ];
}

/** A unit's post/pre RMSPE ratio, or "not defined (exact fit before)" (`exactPreFit`). */
function ratioWords(u: { readonly ratio: number; readonly preRmspe: number }): string {
  return exactPreFit(u.preRmspe) ? 'not defined (exact fit before)' : u.ratio.toFixed(2);
}
