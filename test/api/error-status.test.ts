/**
 * Every error class of src/ and dashboards/ and the status it is answered with: each one the
 * JSON API can raise maps to the status and code written here by hand (RFC 9110 §15 for the
 * statuses), through the API's one error handler; each one the dashboards raise maps to the status
 * of its HTML error page, through the dashboards' error page; each one neither raises is named
 * with where it ends instead. A new error class fails the last test until it is added to a list.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { RendersBusyError } from '../../dashboards/cache.ts';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { memorySource } from '../../dashboards/source.ts';
import { UnpublishableValueError } from '../../dashboards/format.ts';
import { BadFilterError } from '../../dashboards/views.ts';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { ClientAbortError } from '../../src/api/body-first.ts';
import { errorHandler } from '../../src/api/middleware.ts';
import { AnswersRefused, AppError, ConflictError, errorCodes, type ErrorCode } from '../../src/errors.ts';
import { FormatError } from '../../src/formats/dataset.ts';
import { HttpError } from '../../src/http/errors.ts';
import type { AppEnv } from '../../src/http/context.ts';
import { CampaignDataError } from '../../src/indicators/campaign/table.ts';
import { IndicatorNotFoundError, WeightingInputError } from '../../src/indicators/errors.ts';
import { UnknownOperatorError } from '../../src/instrument/condition.ts';
import { DefinitionError } from '../../src/instrument/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { SurveyError } from '../../src/stats/index.ts';

/** The codes of every status, written out (not read from src/http/errors.ts). */
const codesOfStatus: Record<number, readonly ErrorCode[]> = {
  400: ['bad_request', 'validation_failed'],
  401: ['unauthorized'],
  403: ['forbidden'],
  404: ['not_found'],
  405: ['method_not_allowed'],
  409: ['conflict'],
  410: ['gone'],
  413: ['payload_too_large'],
  415: ['unsupported_media_type'],
  422: ['unprocessable'],
  429: ['rate_limited'],
  500: ['internal'],
  503: ['unavailable'],
};
const statusOfCode = (code: ErrorCode): number =>
  Number(Object.entries(codesOfStatus).find(([, codes]) => codes.includes(code))?.[0]);

interface Case {
  readonly make: () => Error;
  readonly status: number;
  readonly code: string;
}

/** Every error class the API can raise: an instance, and the answer it gets. */
const raisedByApi: Record<string, readonly Case[]> = {
  AppError: errorCodes.map((code) => ({
    make: () => new AppError(code, `a ${code}`),
    status: statusOfCode(code),
    code,
  })),
  ConflictError: [{ make: () => new ConflictError('wave_not_open', 'closed'), status: 409, code: 'conflict' }],
  AnswersRefused: [
    {
      make: () => new AnswersRefused([{ question: 'Q1', code: 'required', message: 'an answer is required' }]),
      status: 400,
      code: 'validation_failed',
    },
  ],
  HttpError: [
    {
      make: () => new HttpError('rate_limited', 'slow down', undefined, { 'Retry-After': '3' }),
      status: 429,
      code: 'rate_limited',
    },
  ],
  WeightingInputError: [
    { make: () => new WeightingInputError('margin_total', 'margins sum to 0.9'), status: 422, code: 'unprocessable' },
  ],
  IndicatorNotFoundError: [
    { make: () => new IndicatorNotFoundError('indicator', 'no X'), status: 404, code: 'not_found' },
  ],
  HTTPException: [
    { make: () => new HTTPException(403, { message: 'origin refused' }), status: 403, code: 'forbidden' },
    { make: () => new HTTPException(413), status: 413, code: 'payload_too_large' },
    { make: () => new HTTPException(418), status: 400, code: 'bad_request' },
    { make: () => new HTTPException(502), status: 500, code: 'internal' },
  ],
  DefinitionError: [
    {
      make: () =>
        new DefinitionError('instrument x@1', [
          { code: 'duplicate_code', path: 'blocks', message: 'Q1 twice' },
        ] as never),
      status: 422,
      code: 'unprocessable',
    },
  ],
  SurveyError: [
    { make: () => new SurveyError('lonely_psu', 'stratum A has one PSU'), status: 422, code: 'unprocessable' },
  ],
  CampaignDataError: [{ make: () => new CampaignDataError('no respondents after'), status: 409, code: 'conflict' }],
  ClientAbortError: [{ make: () => new ClientAbortError(10), status: 400, code: 'bad_request' }],
  // Bugs, not requests: a 500 whose message stays in the log.
  FormatError: [{ make: () => new FormatError('label too long'), status: 500, code: 'internal' }],
  UnknownOperatorError: [{ make: () => new UnknownOperatorError('~'), status: 500, code: 'internal' }],
  Error: [{ make: () => new Error('secret internals'), status: 500, code: 'internal' }],
};

/**
 * Every error class the dashboards can raise (besides those of src/ they share, above): an
 * instance, the status of its HTML page, and the page's title in French.
 */
const raisedByDashboards: Record<string, readonly (Case & { readonly title: string })[]> = {
  BadFilterError: [
    {
      make: () => new BadFilterError('wave', 'no wave "x"'),
      status: 400,
      code: 'validation_failed',
      title: 'Filtre non valide',
    },
  ],
  RendersBusyError: [
    {
      make: () => new RendersBusyError(1),
      status: 503,
      code: 'unavailable',
      title: 'Occupé : veuillez réessayer dans un instant',
    },
  ],
  AppError: [
    {
      make: () => new AppError('not_found', 'no indicator "x"'),
      status: 404,
      code: 'not_found',
      title: 'Page introuvable',
    },
  ],
  SurveyError: [
    {
      make: () => new SurveyError('empty_domain', 'no interviews'),
      status: 422,
      code: 'unprocessable',
      title: 'La page n’a pas pu être affichée',
    },
  ],
  // A defect: a 500 page that keeps the message to itself.
  UnpublishableValueError: [
    {
      make: () => new UnpublishableValueError('a share', 7),
      status: 500,
      code: 'internal',
      title: 'La page n’a pas pu être affichée',
    },
  ],
};

/** Error classes of src/ and db/ neither the API nor the dashboards raise, and where each ends instead. */
const notRaisedByApi: Record<string, string> = {
  ConfigError: 'start-up: the server refuses to start',
  DefinitionsInvalidError: 'start-up: the study definitions do not load',
  CliError: 'the CLI prints one line',
  DemoError: 'barometer demo (CLI)',
  AnalysisError: 'barometer analyse (CLI); the API runs no analysis',
  DatabaseUnavailableError: 'start-up, or the CLI prints one line',
  MigrationsPendingError: 'start-up: the server refuses to start until migrations run',
  DataDirLockedError: 'start-up, or the CLI prints one line (another process holds the embedded database)',
  ExpressionError: 'barometer import xlsform: one line per row whose expression cannot be expressed (CLI)',
  WorkbookError: 'barometer import xlsform: the CLI prints one line (a workbook it cannot read)',
  CsvReadError: 'barometer import submissions: the CLI prints one line (a CSV it cannot read)',
};

function appThrowing(make: () => Error): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('log', silentLogger);
    await next();
  });
  app.onError(errorHandler());
  app.get('/', () => {
    throw make();
  });
  return app;
}

/** The dashboards over a source whose list of studies throws what `make` gives; what they report as a defect is kept. */
function dashboardsThrowing(make: () => Error, reported: unknown[]): Hono {
  const source = memorySource([], { series: [], changes: [], distributions: [] });
  return dashboardRoutes({
    source: {
      ...source,
      studies: () => Promise.reject(make()),
    },
    reportError: (e) => reported.push(e),
  });
}

describe('the status of every error class the dashboards can raise, as an HTML page in the address language', () => {
  for (const [name, cases] of Object.entries(raisedByDashboards)) {
    it(name, async () => {
      for (const { make, status, title } of cases) {
        const thrown = make();
        const reported: unknown[] = [];
        const res = await dashboardsThrowing(() => thrown, reported).request('/dashboards/s/fr/');
        const page = await res.text();
        expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
          status,
          type: 'text/html; charset=UTF-8',
        });
        expect(page).toContain(`<html lang="fr" dir="ltr">`);
        expect(page).toContain(`<h1>${title}</h1>`);
        // A 4xx names what was wrong; a defect stays in the log, reported once.
        if (status < 500) expect(page).toContain(thrown.message.replace(/"/g, '&quot;'));
        else expect(page).not.toContain(thrown.message);
        expect(reported).toEqual(status === 500 ? [thrown] : []);
        if (thrown instanceof RendersBusyError) expect(res.headers.get('retry-after')).toBe('1');
      }
    });
  }
});

describe('the status of every error class the API can raise', () => {
  for (const [name, cases] of Object.entries(raisedByApi)) {
    it(name, async () => {
      for (const { make, status, code } of cases) {
        const thrown = make();
        const res = await appThrowing(() => thrown).request('/');
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect({ status: res.status, code: body.error.code }).toEqual({ status, code });
        // An unexpected error's message stays in the log.
        if (status === 500 && !(thrown instanceof AppError)) expect(body.error.message).toBe('internal error');
      }
    });
  }

  it('keeps the headers an error carries', async () => {
    const res = await appThrowing(raisedByApi.HttpError![0]!.make).request('/');
    expect(res.headers.get('retry-after')).toBe('3');
  });

  it('names every error class of src/, dashboards/ and db/ in one of the lists', () => {
    const classes = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts'))
          for (const m of readFileSync(path, 'utf8').matchAll(/class (\w+) extends (\w+)/g)) classes.set(m[1]!, m[2]!);
      }
    };
    for (const dir of ['src', 'dashboards', 'db']) walk(join(import.meta.dirname, '../..', dir));
    const builtIn = new Set(['Error', 'RangeError', 'TypeError']);
    const isError = (name: string): boolean => builtIn.has(name) || (classes.has(name) && isError(classes.get(name)!));
    const errorClasses = [...classes.keys()].filter(isError).sort();
    const named = new Set([
      ...Object.keys(raisedByApi),
      ...Object.keys(raisedByDashboards),
      ...Object.keys(notRaisedByApi),
    ]);
    for (const n of ['Error', 'HTTPException']) named.delete(n);
    expect(errorClasses).toEqual([...named].sort());
  });
});
