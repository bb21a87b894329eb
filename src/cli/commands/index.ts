import type { CliCommand } from '../io.ts';
import { serveCommand } from './serve.ts';
import { lintCommand } from './lint.ts';
import { codebookCommand } from './codebook.ts';
import { analyseCommand } from './analyse.ts';
import { tokenCommand } from './token.ts';
import { exportCommand } from './export.ts';
import { dashboardsCommand } from './dashboards.ts';

/** Every `barometer` command, in the order `barometer help` lists them. */
export const commands: readonly CliCommand[] = [serveCommand, lintCommand, codebookCommand, analyseCommand, tokenCommand, exportCommand, dashboardsCommand];
