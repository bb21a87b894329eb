/**
 * Every `barometer` command, in the order `barometer help` lists them: its name, one line for
 * the list, and how to load it. A command's module (and what it imports) is loaded only when the
 * command runs, so `barometer help` and a small command start at once. Adding a command is one
 * line here and a module exporting `command: CliCommand`.
 */
import type { CliCommand } from '../io.ts';

export interface CommandEntry {
  readonly name: string;
  /** One line for `barometer help`. */
  readonly summary: string;
  readonly load: () => Promise<{ readonly command: CliCommand }>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'Run the HTTP server (embedded PGlite unless DATABASE_URL is set)',
    load: () => import('./serve.ts'),
  },
  {
    name: 'lint',
    summary: 'Validate study definitions (translations, codes, logic, waves)',
    load: () => import('./lint.ts'),
  },
  {
    name: 'codebook',
    summary: 'Render a study codebook (md, html, json, DDI-Codebook 2.5)',
    load: () => import('./codebook.ts'),
  },
  {
    name: 'analyse',
    summary: 'Weight and estimate a survey CSV or SPSS .sav from a JSON analysis spec (see docs/analyse.md)',
    load: () => import('./analyse.ts'),
  },
  {
    name: 'plan',
    summary: 'Minimum detectable effect of a planned wave, or the n for a target MDE',
    load: () => import('./plan.ts'),
  },
  {
    name: 'weight',
    summary: 'Weight a wave, store the run and materialise its indicator series, with progress',
    load: () => import('./weight.ts'),
  },
  {
    name: 'demo',
    summary: 'Build the demo world: simulated respondents, weighting, series, estimates beside the truth',
    load: () => import('./demo.ts'),
  },
  {
    name: 'disclosure',
    summary: 'Audit a study for disclosure: the interval an attacker can derive for every withheld cell',
    load: () => import('./disclosure.ts'),
  },
  {
    name: 'waves',
    summary: 'List the waves: status, field period, instrument version, completes per country against target',
    load: () => import('./waves.ts'),
  },
  {
    name: 'token',
    summary: 'Create researcher API tokens (roles admin, researcher, viewer)',
    load: () => import('./token.ts'),
  },
  {
    name: 'campaign',
    summary: 'Impact report of a campaign (DiD, pre-trend, MDE, verdict, reach) from the stored weighted waves',
    load: () => import('./campaign.ts'),
  },
  {
    name: 'import',
    summary:
      'Import an XLSForm (ODK, KoboToolbox) as a study folder written with the DSL (see docs/xlsform.md); `import submissions`: field submissions into a wave',
    load: () => import('./import.ts'),
  },
  {
    name: 'export',
    summary:
      'Export the responses of a wave as CSV, SPSS (.sav) or Stata (.dta); `export xlsform`: an instrument as XLSForm',
    load: () => import('./export.ts'),
  },
  {
    name: 'dashboards',
    summary: 'Build the dashboards as a static site (HTML, inline SVG, CSS, CSV, JSON)',
    load: () => import('./dashboards.ts'),
  },
];
