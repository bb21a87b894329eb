/**
 * Independent readers of SPSS and Stata files, as analysts use them: R's haven (read_sav with
 * user-missing values kept, read_dta with tagged missing values) and PSPP (pspp-convert, and a
 * syntax file with DISPLAY DICTIONARY). A missing reader skips the checks that need it with a
 * notice on stderr, as the PostgreSQL and browser suites do; with REQUIRE_R=1 or REQUIRE_PSPP=1
 * (as in .ci/run) those checks run and fail instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

const haveR =
  spawnSync('Rscript', ['-e', 'suppressMessages({library(haven); library(jsonlite)})'], { stdio: 'ignore' }).status ===
  0;
const havePspp = spawnSync('pspp-convert', ['--help'], { stdio: 'ignore' }).status === 0;
/** Whether the checks that read with R's haven run: R is there, or required (REQUIRE_R=1) and then fails. */
export const runR = haveR || process.env.REQUIRE_R === '1';
/** Whether the checks that read with PSPP run: PSPP is there, or required (REQUIRE_PSPP=1). */
export const runPspp = havePspp || process.env.REQUIRE_PSPP === '1';

/** Says on stderr which reader checks of `suite` are skipped, and how to run them. */
export function noticeSkippedReaders(suite: string): void {
  const missing = [
    ...(runR ? [] : ["R's haven (apt-get install -y r-base-core r-cran-haven r-cran-jsonlite; REQUIRE_R=1)"]),
    ...(runPspp ? [] : ['PSPP (apt-get install -y pspp; REQUIRE_PSPP=1)']),
  ];
  if (missing.length > 0)
    process.stderr.write(
      `\n*** ${suite}: the checks reading with ${missing.join(' and ')} were SKIPPED (not installed). ***\n`,
    );
}

export interface HavenVariable {
  readonly name: string;
  readonly label: string | null;
  readonly class: string;
  readonly values: (number | string | null)[];
  /** Stata's tagged missing (a, b, …) per row, '' when not tagged. */
  readonly tags: string[] | null;
  readonly labels: { names: string[]; values: (number | null)[]; tags: string[] } | null;
  readonly na_values: number[] | null;
  readonly na_range: number[] | null;
}
export interface HavenFile {
  readonly label: string | null;
  readonly notes: string[] | null;
  readonly vars: HavenVariable[];
}

const HAVEN = `
suppressMessages({library(haven); library(jsonlite)})
f <- commandArgs(TRUE)[1]
d <- if (grepl("[.]dta$", f)) read_dta(f) else read_sav(f, user_na = TRUE)
tags <- function(x) { t <- na_tag(x); ifelse(is.na(t), "", t) }
vars <- lapply(names(d), function(n) {
  x <- d[[n]]
  v <- if (inherits(x, "POSIXct")) as.numeric(x) else { y <- unclass(x); attributes(y) <- NULL; y }
  l <- attr(x, "labels")
  exact <- function(y) if (is.double(y)) as.list(ifelse(is.na(y), NA, sprintf("%.17g", y))) else as.list(y)
  list(name = n, label = attr(x, "label"), class = class(x)[1], values = exact(v), double = is.double(v),
       tags = if (is.double(x)) as.list(tags(x)) else NULL,
       labels = if (is.null(l)) NULL else list(names = as.list(names(l)), values = as.list(as.numeric(unclass(l))), tags = as.list(tags(unclass(l)))),
       na_values = attr(x, "na_values"), na_range = attr(x, "na_range"))
})
cat(toJSON(list(label = attr(d, "label"), notes = attr(d, "notes"), vars = vars), auto_unbox = TRUE, digits = I(17), na = "null", null = "null"))
`;

export function readWithHaven(file: string): HavenFile {
  const script = path.join(path.dirname(file), 'read-haven.R');
  writeFileSync(script, HAVEN);
  const raw: { label: string | null; notes: string[] | null; vars: (HavenVariable & { double: boolean })[] } =
    JSON.parse(execFileSync('Rscript', [script, file], { maxBuffer: 1 << 28 }).toString());
  // Doubles travel as %.17g text (exact); strings stay strings.
  return {
    ...raw,
    vars: raw.vars.map(({ double, ...v }) => ({
      ...v,
      values: double ? v.values.map((x) => (x === null ? null : Number(x))) : v.values,
    })),
  };
}

/** Rows of `pspp-convert` CSV output (values, or value labels with `labels`), header first. */
export function psppCsv(file: string, options: { labels?: boolean; recode?: boolean } = {}): string[][] {
  const out = path.join(
    path.dirname(file),
    `pspp-${options.labels ? 'labels' : 'values'}${options.recode ? '-recoded' : ''}.csv`,
  );
  execFileSync('pspp-convert', [
    ...(options.labels ? ['--labels'] : []),
    ...(options.recode ? ['--recode'] : []),
    file,
    out,
  ]);
  return parse(readFileSync(out, 'utf8'), { relax_column_count: false });
}

/** PSPP's DISPLAY DICTIONARY and DISPLAY DOCUMENTS as text. */
export function psppDictionary(file: string): string {
  const syntax = path.join(path.dirname(file), 'dictionary.sps');
  writeFileSync(syntax, `GET FILE="${file}".\nDISPLAY DICTIONARY.\nDISPLAY DOCUMENTS.\nSHOW WEIGHT.\n`);
  const out = path.join(path.dirname(file), 'dictionary.csv');
  const run = spawnSync('pspp', ['-O', 'format=csv', '-o', out, syntax], { maxBuffer: 1 << 26 });
  const log = `${run.stdout.toString()}${run.stderr.toString()}`;
  if (run.status !== 0 || /error:/.test(log)) throw new Error(`pspp failed: ${log}`);
  return `${readFileSync(out, 'utf8')}\n${log}`;
}
