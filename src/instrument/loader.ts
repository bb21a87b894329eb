/**
 * Loading study definitions from disk (used by `barometer lint`, `barometer codebook` and the
 * server at start-up). A study is a folder whose `index.ts` default-exports `defineStudy(...)`.
 * Modules are loaded with dynamic `import()`: as they are under tsx or vitest, bundled by
 * esbuild from the compiled command (definition-bundle.ts).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleDefinition, runningCompiled } from './definition-bundle.ts';
import { collectingDefinitionProblems, type SitedIssue } from './definition-problems.ts';
import { DefinitionError, formatIssue, type DefinitionIssue } from './errors.ts';
import { undeclaredSeriesBreaks } from './series-breaks.ts';
import { StudySources } from './source-places.ts';
import { checkRespondentPages } from './respondent-checks.ts';
import { isStudy, type Study } from './study.ts';

export interface LoadedStudy {
  /** Absolute path of the study's entry module. */
  readonly file: string;
  readonly study: Study;
}

/** A problem found while loading: a definition issue, or the module failed/exported no study. */
export interface LintProblem extends Omit<DefinitionIssue, 'code'> {
  /** The file to edit (the study's entry module when no better place is known). */
  readonly file: string;
  /** The line to edit in `file`, when known. */
  readonly line?: number;
  readonly code: DefinitionIssue['code'] | 'load_error' | 'no_study';
}

export interface LoadResult {
  readonly studies: readonly LoadedStudy[];
  readonly problems: readonly LintProblem[];
  /** What lint warns about in studies that load (undeclared series breaks): worth a look, not a refusal. */
  readonly warnings?: readonly LintProblem[];
}

/**
 * The study entry files under `path`: the file itself; `path/index.ts` when the folder is a
 * study; otherwise `path/<folder>/index.ts` for every sub-folder that has one (sorted).
 */
export function studyFiles(path: string): string[] {
  const abs = resolve(path);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [abs];
  const own = join(abs, 'index.ts');
  if (existsSync(own)) return [own];
  return readdirSync(abs, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(abs, d.name, 'index.ts'))
    .filter((f) => existsSync(f))
    .sort();
}

/**
 * Imports one study module and reports what is wrong with it, if anything: the problems of every
 * instrument version and of the study in one result (definition-problems.ts), each placed at the
 * file and line to edit (source-places.ts).
 */
export async function loadStudy(file: string): Promise<LoadResult> {
  const abs = resolve(file);
  const {
    value: mod,
    error,
    collected,
  } = await collectingDefinitionProblems(
    async (): Promise<unknown> => import(runningCompiled() ? await bundleDefinition(abs) : pathToFileURL(abs).href),
  );
  const sources = new StudySources(abs);
  const located = (issues: readonly SitedIssue[]): LintProblem[] =>
    [...new Set(issues)].map((issue) => {
      const site = sources.locate(issue);
      const problem = { code: issue.code, path: issue.path, message: issue.message };
      const about = {
        ...(issue.question ? { question: issue.question } : {}),
        ...(issue.lang ? { lang: issue.lang } : {}),
      };
      return site ? { ...problem, ...about, file: site.file, line: site.line } : { ...problem, ...about, file: abs };
    });
  if (error !== undefined) {
    if (error instanceof DefinitionError) return { studies: [], problems: located([...collected, ...error.issues]) };
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
    return {
      studies: [],
      problems: [
        ...located(collected),
        { file: abs, code: 'load_error', path: abs, message: `cannot load: ${message}` },
      ],
    };
  }
  if (collected.length > 0) return { studies: [], problems: located(collected) };
  const candidate = typeof mod === 'object' && mod !== null && 'default' in mod ? mod.default : undefined;
  if (!isStudy(candidate)) {
    return {
      studies: [],
      problems: [
        {
          file: abs,
          code: 'no_study',
          path: 'default',
          message: 'the module must `export default defineStudy({...})`',
        },
      ],
    };
  }
  return {
    studies: [{ file: abs, study: candidate }],
    problems: [],
    warnings: located(undeclaredSeriesBreaks(candidate)),
  };
}

/**
 * Loads every study under `path` (a folder of study folders, one study folder, or one file).
 * Never throws for a broken definition: problems are returned, one per issue. A server should
 * refuse to start when `problems` is not empty.
 */
export async function loadStudies(path: string): Promise<LoadResult> {
  const files = studyFiles(path);
  if (files.length === 0) {
    return {
      studies: [],
      problems: [
        {
          file: resolve(path),
          code: 'no_study',
          path: resolve(path),
          message: 'no study found (expected <dir>/index.ts or <dir>/<study>/index.ts)',
        },
      ],
    };
  }
  const studies: LoadedStudy[] = [];
  const problems: LintProblem[] = [];
  const warnings: LintProblem[] = [];
  for (const file of files) {
    const result = await loadStudy(file);
    studies.push(...result.studies);
    problems.push(...result.problems);
    warnings.push(...(result.warnings ?? []));
  }
  const seen = new Map<string, string>();
  for (const { file, study } of studies) {
    const other = seen.get(study.id);
    if (other)
      problems.push({
        file,
        code: 'duplicate_id',
        path: `study(${study.id})`,
        message: `study id ${study.id} is also used by ${other}`,
      });
    seen.set(study.id, file);
  }
  return { studies, problems, warnings };
}

/** What `barometer lint` reports: what loading found, the respondent checks' problems, and the exemptions it grants. */
export interface LintResult extends LoadResult {
  /** What lint lets pass and why (a frozen version's untranslated labels), with the study's file. */
  readonly exemptions: readonly { readonly file: string; readonly message: string }[];
}

/**
 * `loadStudies`, then the checks of what respondents read (respondent-checks.ts): the consent
 * page's study information and untranslated answer labels. Lint-time only: a study missing them
 * still loads for a server or an import; `barometer lint` fails on them.
 */
export async function lintStudies(path: string): Promise<LintResult> {
  const loaded = await loadStudies(path);
  const problems = [...loaded.problems];
  const exemptions: { file: string; message: string }[] = [];
  for (const { file, study } of loaded.studies) {
    const report = checkRespondentPages(study);
    const sources = new StudySources(file);
    problems.push(
      ...report.issues.map((i) => {
        const site = sources.locate(i);
        return site ? { ...i, file: site.file, line: site.line } : { ...i, file };
      }),
    );
    exemptions.push(...report.exemptions.map((message) => ({ file, message })));
  }
  return { ...loaded, problems, exemptions };
}

/** One lint line: `file:line: CODE [lang]: what is wrong (issue_code at path)`, file relative to `cwd`. */
export function formatLintProblem(problem: LintProblem, cwd: string): string {
  const file = relative(cwd, problem.file) || problem.file;
  return `${file}${problem.line === undefined ? '' : `:${problem.line}`}: ${formatIssue(problem)}`;
}
