import type { Tolerance } from './compare.ts';
import type { RCase } from './r-cases.ts';

/** The default: 1e-9 relative, as DESIGN.md demands. */
export const STRICT: Tolerance = { rel: 1e-9 };

/**
 * Per-case tolerances. Everything is compared at 1e-9 relative except, as the reference README
 * allows, quantities that are zero in exact arithmetic (SEs of calibrated or raked variables,
 * which R reports as rounding noise): those get an absolute floor.
 */
export function toleranceFor(c: RCase): { tol: Tolerance; tolFor?: (path: string) => Tolerance } {
  // sch_wide_yes is itself a raking margin: its SE is 0 in exact arithmetic and R reports the
  // ~1e-10 left by 10 backfitting sweeps. We reproduce that noise to ~3e-9 relative; compare it
  // with an absolute floor of 1e-16 on the SE (1e-26 on the variance).
  if (c.id === 'rake_mean_sch_wide_yes_dsrs' || c.id === 'rake_mean_sch_wide_yes_dsrs_tight') {
    return {
      tol: STRICT,
      tolFor: (path) => (path.includes('.vcov') ? { rel: 1e-9, abs: 1e-26 } : { rel: 1e-9, abs: 1e-16 }),
    };
  }
  // api99 and the stype indicators are calibration variables of dclus1g: their SEs are 0 in exact
  // arithmetic (R prints ~1e-14 and ~1e-17 of rounding noise). Absolute floor 1e-12 there.
  if (c.id === 'trim_mean_dclus1g') return { tol: STRICT, tolFor: () => ({ rel: 1e-9, abs: 1e-12 }) };
  return { tol: STRICT };
}
