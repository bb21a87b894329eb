import * as s from '../../../src/stats/index.ts';
import type { SurveyDesign, SurveyStatistic } from '../../../src/stats/index.ts';
import {
  CAL_API99,
  datasetOf,
  loadApi,
  numericColumn,
  POP_SCHWIDE,
  POP_TYPES,
  referenceDesign,
  type Table,
} from './api-data.ts';
import type { DesignExpr, Plan } from './r-cases.ts';

type Json = Record<string, unknown>;

function margin(t: Table, name: 'stype' | 'sch.wide'): s.Margin {
  return { name, factor: s.encodeFactor(t.text(name)), totals: name === 'stype' ? POP_TYPES : POP_SCHWIDE };
}

/** Builds a design expression through the TypeScript API. */
export function apiDesign(expr: DesignExpr): { design: SurveyDesign; table: Table } {
  const table = loadApi(datasetOf[expr.base]);
  let design = referenceDesign(expr.base);
  for (const step of expr.steps) {
    switch (step.method) {
      case 'poststratify':
        design = s.postStratify(design, margin(table, step.variable)).design;
        break;
      case 'rake':
        design = s.rake(
          design,
          [margin(table, 'stype'), margin(table, 'sch.wide')],
          step.tight ? { maxit: 100, epsilon: 1e-12 } : {},
        ).design;
        break;
      case 'calibrate':
        design = s.calibrateLinear(
          design,
          [margin(table, 'stype')],
          [{ name: 'api99', values: table.num('api99'), total: CAL_API99 }],
        ).design;
        break;
      case 'trim':
        design = s.trimWeights(design, step).design;
        break;
    }
  }
  return { design, table };
}

/** Variables as R expands them: numeric columns as they are, factors to one indicator per level named var+level. */
function variables(t: Table, names: readonly string[]): s.Variable[] {
  return names.flatMap((name) => {
    if (['stype', 'sch.wide', 'awards', 'comp.imp'].includes(name)) {
      const f = s.encodeFactor(t.text(name));
      return f.levels.map((level, k) => ({
        name: `${name}${level}`,
        values: Float64Array.from(f.codes, (c) => (c === k ? 1 : 0)),
      }));
    }
    return [{ name, values: numericColumn(t, name) }];
  });
}

function record(names: readonly string[], values: (k: number) => unknown): Json {
  return Object.fromEntries(names.map((n, k) => [n, values(k)]));
}

/** An svystat-shaped result (estimate, se, vcov, normal and t intervals, degf, deff). */
export function svystat(stat: SurveyStatistic, names: readonly string[] = stat.names): Json {
  const p = names.length;
  const se = s.standardErrors(stat);
  const z = s.criticalValue(0.95, Infinity);
  const t = s.criticalValue(0.95, stat.df);
  return {
    estimate: record(names, (k) => stat.estimate[k]),
    se: record(names, (k) => se[k]),
    vcov: { values: names.map((_, a) => names.map((__, b) => stat.vcov[a * p + b])) },
    ci95_normal: record(names, (k) => [
      (stat.estimate[k] ?? 0) - z * (se[k] ?? 0),
      (stat.estimate[k] ?? 0) + z * (se[k] ?? 0),
    ]),
    degf: stat.df,
    ci95_t_degf: record(names, (k) => [
      (stat.estimate[k] ?? 0) - t * (se[k] ?? 0),
      (stat.estimate[k] ?? 0) + t * (se[k] ?? 0),
    ]),
    ...(stat.deff ? { deff: record(names, (k) => stat.deff?.[k]) } : {}),
  };
}

function weightsSummary(w: Float64Array): Json {
  let sum = 0;
  for (const x of w) sum += x;
  return {
    weights: Array.from(w),
    n: w.length,
    sum,
    min: Math.min(...w),
    max: Math.max(...w),
    mean: sum / w.length,
    kish_deff: s.kishDesignEffect(w),
    kish_n_eff: s.effectiveSampleSize(w),
  };
}

function oneStat(plan: Extract<Plan, { kind: 'stat' }>): SurveyStatistic {
  const { design, table } = apiDesign(plan.design);
  const vars = variables(table, plan.vars);
  const opts = plan.deff ? { deff: plan.deff } : {};
  if (plan.fn === 'variance') return s.surveyVariance(design, vars[0] ?? { name: '', values: [] });
  return plan.fn === 'mean' ? s.surveyMean(design, vars, opts) : s.surveyTotal(design, vars, opts);
}

function byStat(plan: Extract<Plan, { kind: 'by' }>): { stat: SurveyStatistic; names: string[] } {
  const { design, table } = apiDesign(plan.design);
  const factors = plan.by.map((b) => s.encodeFactor(table.text(b)));
  const domain = s.crossFactors(factors);
  const dom = s.domainEstimates(
    design,
    plan.fn,
    variables(table, [plan.y]),
    domain,
    plan.deff ? { deff: 'srswor' } : {},
  );
  return { stat: dom.joint, names: [...dom.domains] };
}

/** Runs a case through the TypeScript API and returns a result shaped like R's. */
export function runApi(plan: Plan): Json {
  switch (plan.kind) {
    case 'stat':
      return svystat(oneStat(plan));
    case 'by': {
      const { stat, names } = byStat(plan);
      const out = svystat(stat, names);
      return { ...out, ...(stat.deff ? { deff: Array.from(stat.deff) } : {}) };
    }
    case 'contrast': {
      const of = plan.of;
      const base = of.kind === 'by' ? byStat(of) : of.kind === 'stat' ? { stat: oneStat(of), names: of.vars } : null;
      if (!base) throw new Error('unsupported contrast');
      const c = s.linearContrast({ ...base.stat, names: base.names }, plan.coefficients);
      return svystat(
        { ...base.stat, names: ['contrast'], estimate: Float64Array.of(c.estimate), vcov: Float64Array.of(c.variance) },
        ['contrast'],
      );
    }
    case 'ciprop': {
      const { design, table } = apiDesign(plan.design);
      const r = s.proportionInterval(
        design,
        { name: plan.y, values: numericColumn(table, plan.y) },
        plan.method as s.ProportionMethod,
        plan.dfInf ? { df: Infinity } : {},
      );
      return { estimate: r.estimate, se: r.se, ci: r.ci, df_default: s.degreesOfFreedom(design) };
    }
    case 'weights':
      return weightsSummary(apiDesign(plan.design).design.weights);
    case 'table': {
      const { design, table } = apiDesign(plan.design);
      const rows = s.encodeFactor(table.text(plan.vars[0] ?? ''));
      if (plan.vars.length === 1) {
        const tab = s.weightedTable(design.weights, rows, { codes: new Int32Array(design.n), levels: ['all'] });
        return { values: Object.fromEntries(rows.levels.map((l, k) => [l, tab[k]?.[0]])) };
      }
      const cols = s.encodeFactor(table.text(plan.vars[1] ?? ''));
      const tab = s.weightedTable(design.weights, rows, cols);
      return {
        dimnames: { [plan.vars[0] ?? '']: rows.levels, [plan.vars[1] ?? '']: cols.levels },
        values_colmajor: cols.levels.flatMap((_, c) => rows.levels.map((__, r) => tab[r]?.[c])),
      };
    }
    case 'ttest': {
      const { design, table } = apiDesign(plan.design);
      const group = plan.group
        ? plan.group === 'stypeE'
          ? s.encodeFactor(numericColumn(table, 'stypeE').map((v) => v))
          : s.encodeFactor(table.text(plan.group))
        : undefined;
      const r = s.surveyTTest(design, { name: plan.y, values: numericColumn(table, plan.y) }, group);
      return {
        statistic: { t: r.t },
        p_value: r.p,
        parameter: { df: r.df },
        estimate: { [group ? 'difference in mean' : 'mean']: r.estimate },
        conf_int: r.ci,
      };
    }
    case 'chisq': {
      const { design, table } = apiDesign(plan.design);
      const r = s.surveyChisq(
        design,
        s.encodeFactor(table.text(plan.a)),
        s.encodeFactor(table.text(plan.b)),
        plan.statistic,
      );
      const statName = plan.statistic === 'Chisq' ? 'X-squared' : 'F';
      return {
        statistic: { [statName]: r.value },
        p_value: r.p,
        parameter: r.df !== undefined ? { df: r.df } : { ndf: r.ndf, ddf: r.ddf },
      };
    }
    case 'independent': {
      const a = oneStat({ kind: 'stat', fn: 'mean', vars: ['sch_wide_yes'], design: { base: 'dstrat', steps: [] } });
      const b = oneStat({ kind: 'stat', fn: 'mean', vars: ['sch_wide_yes'], design: { base: 'dsrs', steps: [] } });
      return independentDifference(
        a.estimate[0] ?? 0,
        Math.sqrt(a.vcov[0] ?? 0),
        b.estimate[0] ?? 0,
        Math.sqrt(b.vcov[0] ?? 0),
      );
    }
    case 'likelihood-exact': {
      const { design, table } = apiDesign(plan.design);
      const y = { name: plan.y, values: numericColumn(table, plan.y) };
      const df = s.degreesOfFreedom(design);
      const profile = s.logisticProfileInput(design, y, 0.95, df);
      const exact = s.proportionInterval(design, y, 'likelihood-exact');
      const spline = s.proportionInterval(design, y, 'likelihood');
      const tq = s.qt(0.025, df);
      return {
        estimate: exact.estimate,
        ci_exact: exact.ci,
        ci_survey_spline: spline.ci,
        phi: profile.dispersion,
        lambda: profile.lambda,
        deviance_cutoff: tq * tq * profile.lambda * profile.dispersion,
      };
    }
    case 'rake-sweeps': {
      const { design, table } = apiDesign({ base: 'dsrs', steps: [{ method: 'rake', tight: true }] });
      const y = [{ name: 'api00', values: table.num('api00') }];
      const m10 = s.surveyMean(design, y);
      const with2000 = {
        ...design,
        adjustments: design.adjustments.map((a) => (a.kind === 'rake' ? { ...a, sweeps: 2000 } : a)),
      };
      const m2000 = s.surveyMean(with2000, y);
      return {
        estimate: m10.estimate[0],
        se_10_sweeps: Math.sqrt(m10.vcov[0] ?? 0),
        se_2000_sweeps: Math.sqrt(m2000.vcov[0] ?? 0),
      };
    }
  }
}

/** The independent-difference case's fields from the stats function. */
export function independentDifference(e1: number, se1: number, e2: number, se2: number): Json {
  const r = s.independentDifference(e1, se1, e2, se2);
  return {
    estimate1: e1,
    se1,
    estimate2: e2,
    se2,
    difference: r.difference,
    se: r.se,
    z: r.z,
    p_value: r.p,
    ci95: r.ci,
  };
}
