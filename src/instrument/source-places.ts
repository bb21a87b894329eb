/**
 * The file and line to edit for a definition problem (`barometer lint`'s `questions.ts:123`).
 *
 * Questions, blocks, waves and indicators are plain object literals in a study's source files,
 * so nothing runs where they are written: a problem of one is placed by reading the study's
 * sources (every `.ts` file of its folder, the entry first) for the literal that names it —
 * `code: 'MIG_LEVEL'` (or a helper call `yesNo('MIG_LEVEL', …)`), then the field the problem's
 * path names inside it (`text:`, the option's `code: 'yes'`); a block, wave, indicator or
 * campaign by its `id: '…'`. Two literals with one code (a reworded question of a later
 * version) are told apart by the question's wording. A problem with nothing to look up (the
 * instrument's title, a study-wide cross-check) is placed at the `defineInstrument`/`defineStudy`
 * call that found it, from the stack trace recorded then (definition-problems.ts); when that
 * trace names no source file (the compiled command imports a bundle), at the instrument's
 * `version: '…'`. Failing all of these the problem names the study's entry file alone.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { SitedIssue, SourceSite } from './definition-problems.ts';

/** A line where a question literal starts: `code: 'CODE'`, or a helper call `yesNo('CODE'`. */
const QUESTION_START = /\bcode:\s*['"`][A-Z]|\w\(\s*['"`][A-Z][A-Z0-9_]*['"`]/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const literal = (value: string) => `['"\`]${escape(value)}['"\`]`;

/** The source files of the study whose entry module is `entry`, read once. */
export class StudySources {
  private readonly root: string;
  private readonly files: readonly string[];
  private readonly lines = new Map<string, readonly string[]>();

  constructor(entry: string) {
    const abs = resolve(entry);
    this.root = dirname(abs);
    this.files = basename(abs) === 'index.ts' ? [abs, ...tsFiles(this.root).filter((f) => f !== abs)] : [abs];
  }

  /** Where to edit for `issue`, or undefined when no place is found. */
  locate(issue: SitedIssue): SourceSite | undefined {
    const q = issue.question;
    if (q !== undefined && issue.path.includes(`questions[${q}]`)) {
      const site = this.question(q, issue);
      if (site) return site;
    }
    for (const id of bracketIds(issue.path)) {
      const site = this.first(new RegExp(`\\b(?:id|name|iso3):\\s*${literal(id)}`));
      if (site) return site;
    }
    const called = this.callSite(issue);
    if (called) return called;
    if (q !== undefined) return this.question(q, issue);
    const version = /^instrument\([^@]*@([^)]*)\)/.exec(issue.path)?.[1];
    return version === undefined ? undefined : this.first(new RegExp(`\\bversion:\\s*${literal(version)}`));
  }

  /** The question literal of `code` (told apart by wording and block), then the field the path names in it. */
  private question(code: string, issue: SitedIssue): SourceSite | undefined {
    let candidates = this.all(new RegExp(`\\bcode:\\s*${literal(code)}`));
    if (candidates.length === 0) candidates = this.all(new RegExp(`\\w\\(\\s*${literal(code)}`));
    if (candidates.length === 0) return undefined;
    const hint = issue.hint;
    const worded = hint === undefined ? [] : candidates.filter((c) => this.extent(c).some((l) => l.includes(hint)));
    const block = /blocks\[([^\]]+)\]/.exec(issue.path)?.[1];
    const blockLine = block === undefined ? undefined : this.first(new RegExp(`\\bid:\\s*${literal(block)}`));
    const inBlock = candidates.find((c) => blockLine && c.file === blockLine.file && c.line >= blockLine.line);
    const chosen = worded[0] ?? inBlock ?? candidates[0];
    // An option or item code used twice: the second use is the one to edit.
    const nth = issue.code === 'duplicate_option_code' ? 1 : 0;
    return chosen && this.within(chosen, issue.path.slice(issue.path.indexOf(`questions[${code}]`)), nth);
  }

  /** The line of the field `path` (after `questions[CODE]`) names within the literal at `start` (its `nth` match, else the first). */
  private within(start: SourceSite, path: string, nth = 0): SourceSite {
    const rest = path.replace(/^questions\[[^\]]+\]\.?/, '');
    const option = /^(?:options|points|scale|items)\[([^\]]+)\]/.exec(rest)?.[1];
    const key = /^([A-Za-z]+)/.exec(rest)?.[1];
    const pattern =
      option !== undefined
        ? new RegExp(`\\bcode:\\s*${literal(option)}`)
        : key !== undefined
          ? new RegExp(`\\b${escape(key)}:`)
          : undefined;
    if (!pattern) return start;
    const offsets = this.extent(start).flatMap((l, i) => (pattern.test(l) ? [i] : []));
    const offset = offsets[nth] ?? offsets[0];
    return offset !== undefined && offset > 0 ? { file: start.file, line: start.line + offset } : start;
  }

  /** The lines of the literal starting at `start`: up to the next question code, at most 80. */
  private extent(start: SourceSite): readonly string[] {
    const lines = this.read(start.file).slice(start.line - 1, start.line - 1 + 80);
    const next = lines.findIndex((l, i) => i > 0 && QUESTION_START.test(l));
    return next > 0 ? lines.slice(0, next) : lines;
  }

  /** The recorded call site inside the study's folder, else any recorded call site in a source file. */
  private callSite(issue: SitedIssue): SourceSite | undefined {
    const sites = (issue.sites ?? []).filter((s) => s.file.endsWith('.ts') && existsSync(s.file));
    return sites.find((s) => s.file.startsWith(this.root + sep)) ?? sites[0];
  }

  private first(pattern: RegExp): SourceSite | undefined {
    for (const file of this.files) {
      const index = this.read(file).findIndex((l) => pattern.test(l));
      if (index >= 0) return { file, line: index + 1 };
    }
    return undefined;
  }

  private all(pattern: RegExp): SourceSite[] {
    return this.files.flatMap((file) =>
      this.read(file).flatMap((l, i) => (pattern.test(l) ? [{ file, line: i + 1 }] : [])),
    );
  }

  private read(file: string): readonly string[] {
    const cached = this.lines.get(file);
    if (cached) return cached;
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
    this.lines.set(file, lines);
    return lines;
  }
}

/** The ids in brackets of a problem's path, innermost first, without numeric indexes and question codes. */
function bracketIds(path: string): string[] {
  return [...path.matchAll(/(\w+)\[([^\]]+)\]/g)]
    .filter((m) => m[1] !== 'questions' && !/^\d+$/.test(m[2] ?? ''))
    .map((m) => m[2] ?? '')
    .reverse();
}

/** Every `.ts` file under `dir`, sorted (node_modules left out). */
function tsFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory()
        ? d.name === 'node_modules'
          ? []
          : tsFiles(join(dir, d.name))
        : d.name.endsWith('.ts')
          ? [join(dir, d.name)]
          : [],
    )
    .sort();
}
