/**
 * Collecting the problems of every definition of a study in one run (what `barometer lint`
 * reports), with the source places they were defined at.
 *
 * Outside a loader, `defineInstrument` throws `DefinitionError` at the first broken version, as
 * it always has: a module that imports a broken instrument fails at import. While a loader
 * collects (`collectingDefinitionProblems`, loader.ts), a broken instrument is recorded and
 * returned — parsed when its shape is valid, a stand-in when it is not — so the module goes on to
 * define the next version, and `defineStudy` then throws one `DefinitionError` with the problems of
 * every version and its own. An instrument with problems is never registered as defined, and
 * `defineStudy` refuses one in any mode, so no broken definition is used in silence.
 *
 * Each issue carries the call sites of the `define…` call that found it (from a stack trace,
 * frames outside this folder) and, for a question, the start of its first-language wording: the
 * loader turns them into `file:line` (source-places.ts).
 */
import { DefinitionError, type DefinitionIssue } from './errors.ts';

/** A place in a source file (1-based line). */
export interface SourceSite {
  readonly file: string;
  readonly line: number;
}

/** A definition issue with where it was found. */
export interface SitedIssue extends DefinitionIssue {
  /** The frames of the `define…` call that found it, innermost first (files outside src/instrument/). */
  readonly sites?: readonly SourceSite[];
  /** For a question: the start of its wording in the first language, to tell apart two literals with one code. */
  readonly hint?: string;
}

const recorded = new WeakMap<object, readonly SitedIssue[]>();
let collecting: SitedIssue[][] = [];

/**
 * Runs `load` (an import of a study module) collecting definition problems instead of stopping at
 * the first; returns its value and the problems recorded meanwhile, in the order found.
 */
export async function collectingDefinitionProblems<T>(
  load: () => Promise<T>,
): Promise<{ value: T | undefined; error: unknown; collected: readonly SitedIssue[] }> {
  const collected: SitedIssue[] = [];
  collecting = [...collecting, collected];
  try {
    return { value: await load(), error: undefined, collected };
  } catch (error) {
    return { value: undefined, error, collected };
  } finally {
    collecting = collecting.filter((c) => c !== collected);
  }
}

/** Whether a loader is collecting problems (define functions record rather than throw). */
export function isCollecting(): boolean {
  return collecting.length > 0;
}

/** Records `issues` of `value` (made while collecting), for the loader and for `defineStudy`. */
export function recordProblems(value: object, issues: readonly SitedIssue[]): void {
  recorded.set(value, issues);
  for (const c of collecting) c.push(...issues);
}

/** The problems recorded for a definition made while collecting (none for one made cleanly). */
export function recordedProblems(value: unknown): readonly SitedIssue[] {
  return typeof value === 'object' && value !== null ? (recorded.get(value) ?? []) : [];
}

/** Every problem collected so far by the active loaders (to carry in a DefinitionError thrown mid-module). */
export function collectedSoFar(): readonly SitedIssue[] {
  return collecting.at(-1) ?? [];
}

const here = new URL('.', import.meta.url);

/** The frames of the current stack outside src/instrument/ (and outside node internals and node_modules). */
export function callSites(): SourceSite[] {
  const stack = new Error().stack ?? '';
  const sites: SourceSite[] = [];
  for (const line of stack.split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^():]+):(\d+):\d+\)?\s*$/.exec(line.trim());
    if (!match?.[1] || !match[2]) continue;
    const file = match[1].startsWith('file://') ? decodeURIComponent(new URL(match[1]).pathname) : match[1];
    if (file.startsWith(decodeURIComponent(here.pathname)) || file.includes('/node_modules/')) continue;
    sites.push({ file, line: Number(match[2]) });
  }
  return sites;
}

/**
 * `issues` with the current call sites, and each question's wording hint from `questionHint`,
 * while a loader collects; otherwise as they are (a DefinitionError the API answers with names no
 * file of the server).
 */
export function sited(
  issues: readonly DefinitionIssue[],
  questionHint: (code: string) => string | undefined = () => undefined,
): SitedIssue[] {
  if (!isCollecting()) return [...issues];
  const sites = callSites();
  return issues.map((issue) => {
    const hint = issue.question === undefined ? undefined : questionHint(issue.question);
    return { ...issue, sites, ...(hint === undefined ? {} : { hint }) };
  });
}

/**
 * The `DefinitionError` a `define…` function throws: its own issues, sited, after every problem
 * collected so far (so a loader that sees the module stop here still reports the earlier ones).
 */
export function definitionError(subject: string, issues: readonly DefinitionIssue[]): DefinitionError {
  return new DefinitionError(subject, [...collectedSoFar(), ...sited(issues)]);
}
