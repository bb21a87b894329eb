/**
 * What a page route reads from a request: the form's fields as strings, the checked shapes of
 * ids in paths and queries, and the answer problems of the service as errors on the form.
 */
import type { Context } from 'hono';
import { AnswersRefused, AppError } from '../errors.ts';
import type { AppEnv } from '../http/context.ts';
import type { FieldError, FormFields } from './questions.ts';

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const blockPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const invitationPattern = /^[A-Za-z0-9._~-]{10,200}$/;
export const resumeKeyPattern = /^[A-Za-z0-9_-]{10,200}$/;

/** Form fields as strings (files, which no form of ours sends, are dropped). */
export async function formFields(c: Context<AppEnv>): Promise<FormFields> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/** The first value of a field. */
export function field(form: FormFields, name: string): string | undefined {
  const v = form[name];
  return typeof v === 'string' ? v : v?.[0];
}

/** The seconds the enhancement script measured on the page, when it sent a plausible figure. */
export function secondsField(form: FormFields): number | undefined {
  const raw = field(form, 'seconds');
  if (raw === undefined || !/^\d{1,5}(\.\d{1,3})?$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= 86_400 ? n : undefined;
}

/** The session id of the path, lower-cased; a malformed one is a page that does not exist. */
export function sessionIdParam(c: Context<AppEnv>): string {
  const id = c.req.param('sessionId') ?? '';
  if (!uuidPattern.test(id)) throw new AppError('not_found', 'no such page');
  return id.toLowerCase();
}

/** The refused answers of an error by question code (the first problem of each), to show on the form; undefined for other errors. */
export function fieldErrors(err: unknown): Record<string, FieldError> | undefined {
  if (!(err instanceof AnswersRefused) || err.problems.length === 0) return undefined;
  const out: Record<string, FieldError> = {};
  for (const p of err.problems) out[p.question] ??= { code: p.code, item: p.item, message: p.message };
  return out;
}
