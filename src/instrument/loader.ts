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
import { DefinitionError, formatIssue, type DefinitionIssue } from './errors.ts';
import { checkRespondentPages } from './respondent-checks.ts';
import { isStudy, type Study } from './study.ts';

export interface LoadedStudy {
  /** Absolute path of the study's entry module. */
  readonly file: string;
  readonly study: Study;
}

/** A problem found while loading: a definition issue, or the module failed/exported no study. */
export interface LintProblem extends Omit<DefinitionIssue, 'code'> {
  readonly file: string;
  readonly code: DefinitionIssue['code'] | 'load_error' | 'no_study';
}

export interface LoadResult {
  readonly studies: readonly LoadedStudy[];
  readonly problems: readonly LintProblem[];
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

/** Imports one study module and reports what is wrong with it, if anything. */
export async function loadStudy(file: string): Promise<LoadResult> {
  const abs = resolve(file);
  try {
    const mod: unknown = await import(runningCompiled() ? await bundleDefinition(abs) : pathToFileURL(abs).href);
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
    return { studies: [{ file: abs, study: candidate }], problems: [] };
  } catch (err) {
    if (err instanceof DefinitionError) return { studies: [], problems: err.issues.map((i) => ({ ...i, file: abs })) };
    const message = err instanceof Error ? (err.message.split('\n')[0] ?? err.name) : String(err);
    return {
      studies: [],
      problems: [{ file: abs, code: 'load_error', path: abs, message: `cannot load: ${message}` }],
    };
  }
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
  for (const file of files) {
    const result = await loadStudy(file);
    studies.push(...result.studies);
    problems.push(...result.problems);
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
  return { studies, problems };
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
    problems.push(...report.issues.map((i) => ({ ...i, file })));
    exemptions.push(...report.exemptions.map((message) => ({ file, message })));
  }
  return { ...loaded, problems, exemptions };
}

/** One lint line: `file: CODE [lang]: what is wrong (issue_code at path)`, file relative to `cwd`. */
export function formatLintProblem(problem: LintProblem, cwd: string): string {
  const file = relative(cwd, problem.file) || problem.file;
  return `${file}: ${formatIssue(problem)}`;
}
