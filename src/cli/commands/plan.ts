import { parseArgs } from 'node:util';
import {
  minimumDetectableEffect,
  PLAN_CELLS,
  sampleSizeForMde,
  SurveyError,
  type PlanDesign,
} from '../../stats/index.ts';
import { CliError, type CliCommand } from '../io.ts';

const DESIGNS: readonly PlanDesign[] = ['change', 'did', 'experiment'];
const WHAT: Readonly<Record<PlanDesign, string>> = {
  change: 'one country, wave to wave',
  did: 'campaign vs comparison, before vs after',
  experiment: 'one arm vs control',
};

const USAGE = `Usage: barometer plan --baseline SHARE (--n N | --mde POINTS) [options]

Minimum detectable effect (MDE) of a planned wave, or the interviews needed for a target MDE:
  MDE = (z(1-alpha/2) + z(power)) * sqrt(deff * sum over cells of p(1-p)/n)   (docs/campaign-impact.md)

  --baseline SHARE   expected share of the outcome, 0.34 or 34%
  --n N              interviews per cell: per country and wave (change, did), per arm (experiment)
  --mde POINTS       target MDE in percentage points (e.g. 5): prints the n per cell needed
  --design KIND      change | did | experiment (default: all three)
  --deff D           design effect (default 1)
  --alpha A          two-sided significance level (default 0.05)
  --power P          power (default 0.8)
  --json             JSON instead of text`;

function number(value: string | undefined, option: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new CliError(`${option} is required`);
    return fallback;
  }
  const x = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(x)) throw new CliError(`${option}: expected a number, got "${value}"`);
  return x;
}

function share(value: string | undefined): number {
  if (value === undefined) throw new CliError('--baseline is required (the expected share, e.g. 0.34 or 34%)');
  const percent = value.trim().endsWith('%');
  const x = number(percent ? value.trim().slice(0, -1) : value, '--baseline');
  const p = percent ? x / 100 : x;
  if (!(p > 0 && p < 1))
    throw new CliError(`--baseline: expected a share between 0 and 1 (0.34) or a percentage (34%), got "${value}"`);
  return p;
}

/** `barometer plan`: MDE of a planned comparison, or the sample size for a target MDE. */
export const command: CliCommand = {
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        baseline: { type: 'string' },
        n: { type: 'string' },
        mde: { type: 'string' },
        design: { type: 'string' },
        deff: { type: 'string' },
        alpha: { type: 'string' },
        power: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    });
    if (positionals.length > 0)
      throw new CliError(`unexpected argument "${positionals[0]}" (options only; see --help)`);
    const baseline = share(values.baseline);
    if ((values.n === undefined) === (values.mde === undefined))
      throw new CliError('give either --n (to get the MDE) or --mde (to get n)');
    const design = values.design;
    if (design !== undefined && !DESIGNS.some((d) => d === design)) {
      throw new CliError(`--design: expected change, did or experiment, got "${design}"`);
    }
    const designs = DESIGNS.filter((d) => design === undefined || d === design);
    const settings = {
      deff: number(values.deff, '--deff', 1),
      alpha: number(values.alpha, '--alpha', 0.05),
      power: number(values.power, '--power', 0.8),
    };
    const rows = designs.map((d) => {
      try {
        if (values.n !== undefined) {
          const n = number(values.n, '--n');
          if (!Number.isInteger(n) || n < 2)
            throw new CliError(`--n: expected a whole number of interviews of at least 2, got "${values.n}"`);
          const r = minimumDetectableEffect(d, baseline, n, settings);
          return {
            design: d,
            cells: PLAN_CELLS[d],
            n,
            mdePoints: r.mde * 100,
            sePoints: r.se * 100,
            multiplier: r.multiplier,
          };
        }
        const target = number(values.mde, '--mde');
        if (!(target > 0 && target < 100))
          throw new CliError(`--mde: expected percentage points between 0 and 100 (e.g. 5), got "${values.mde}"`);
        const r = sampleSizeForMde(d, baseline, target / 100, settings);
        return { design: d, cells: PLAN_CELLS[d], n: r.n, total: r.total, mdePoints: target };
      } catch (err) {
        if (err instanceof SurveyError) throw new CliError(err.message);
        throw err;
      }
    });
    if (values.json) {
      io.stdout(`${JSON.stringify({ baseline, ...settings, plans: rows }, null, 2)}\n`);
      return 0;
    }
    const head = `Baseline ${(baseline * 100).toFixed(1)}%, deff ${settings.deff}, alpha ${settings.alpha}, power ${settings.power}`;
    const lines = rows.map((r) =>
      values.n !== undefined
        ? `  ${r.design.padEnd(10)} ${WHAT[r.design].padEnd(40)} MDE ${r.mdePoints.toFixed(1)} points with ${r.n} per cell (${r.cells} cells)`
        : `  ${r.design.padEnd(10)} ${WHAT[r.design].padEnd(40)} ${r.n} per cell, ${r.n * r.cells} in all, for an MDE of ${r.mdePoints} points`,
    );
    io.stdout(`${head}\n${lines.join('\n')}\n`);
    return 0;
  },
};
