/** Helpers for collection tests: an open flagship wave, and a respondent driving the JSON API in-process. */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { z } from 'zod';
import type { DbHandle } from '../../db/index.ts';
import { createApp, type App } from '../../src/app.ts';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { PageSaved, SessionCreated, SessionState, Submitted, type PageView } from '../../src/collection/schemas.ts';
import { simulatedAnswers } from '../../src/collection/simulate.ts';
import { createApiToken } from '../../src/collection/tokens.ts';
import { silentLogger } from '../../src/log.ts';
import type { TokenRole } from '../../db/schema.ts';

export const definitionsDir = fileURLToPath(new URL('../../survey-definitions', import.meta.url));

export interface OpenWave {
  readonly app: App;
  readonly waveId: string;
}

/** Loads survey-definitions/, opens the demo wave (the flagship's latest), and builds the app. */
export async function openFlagshipWave(
  handle: DbHandle,
  options: { rateLimit?: number; bodyLimit?: number } = {},
): Promise<OpenWave> {
  const result = await bootstrapDefinitions(handle.db, definitionsDir, { openDemo: true });
  if (!result.openedDemo) throw new Error('expected the demo wave to open on an empty database');
  const app = createApp({
    db: handle,
    logger: silentLogger,
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    rateLimit: options.rateLimit ?? 0,
    studies: result.studies,
  });
  return { app, waveId: result.openedDemo.id };
}

export async function tokenFor(handle: DbHandle, role: TokenRole): Promise<string> {
  return (await createApiToken(handle.db, { name: `test-${role}`, role, actor: 'test' })).token;
}

/** What `call` and `Respondent` send requests to: an app in-process, or a server over HTTP. */
export type Requester = Pick<App, 'request'>;

export async function call(
  app: Requester,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  return app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
}

/** Parses a successful JSON response with `schema`, failing the test with the body otherwise. */
export async function ok<T extends z.ZodType>(res: Response, status: number, schema: T): Promise<z.infer<T>> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return schema.parse(JSON.parse(text));
}

export class Respondent {
  sessionId = '';
  secret = '';
  page: PageView | null = null;
  constructor(
    readonly app: Requester,
    readonly waveId: string,
  ) {}

  async start(
    body: Record<string, unknown> = { consent: true },
    headers: Record<string, string> = {},
  ): Promise<z.infer<typeof SessionCreated>> {
    const created = await ok(
      await call(this.app, 'POST', `/v1/waves/${this.waveId}/sessions`, { body, headers }),
      201,
      SessionCreated,
    );
    this.sessionId = created.sessionId;
    this.secret = created.secret;
    this.page = created.page;
    return created;
  }

  save(
    blockId: string,
    answers: Record<string, unknown>,
    extra: { headers?: Record<string, string>; complete?: boolean; secret?: string } = {},
  ): Promise<Response> {
    return call(this.app, 'PUT', `/v1/sessions/${this.sessionId}/pages/${blockId}`, {
      body: { answers, ...(extra.complete === undefined ? {} : { complete: extra.complete }) },
      headers: { 'x-session-secret': extra.secret ?? this.secret, ...extra.headers },
    });
  }

  /** Answers the current page with valid answers (with overrides), and moves on. */
  async answerPage(overrides: Record<string, unknown> = {}): Promise<z.infer<typeof PageSaved>> {
    if (!this.page) throw new Error('no page to answer');
    const saved = await ok(
      await this.save(this.page.blockId, { ...simulatedAnswers(this.page), ...overrides }),
      200,
      PageSaved,
    );
    this.page = saved.page;
    return saved;
  }

  /** Answers every remaining page; `overrides` apply on the pages that ask those codes. */
  async answerAll(overrides: Record<string, unknown> = {}): Promise<string[]> {
    const pages: string[] = [];
    while (this.page) {
      const codes = new Set(this.page.questions.map((q) => q.code));
      pages.push(this.page.blockId);
      await this.answerPage(Object.fromEntries(Object.entries(overrides).filter(([k]) => codes.has(k))));
    }
    return pages;
  }

  submit(headers: Record<string, string> = {}): Promise<Response> {
    return call(this.app, 'POST', `/v1/sessions/${this.sessionId}/submit`, {
      headers: { 'x-session-secret': this.secret, ...headers },
    });
  }

  async state(query = ''): Promise<z.infer<typeof SessionState>> {
    return ok(
      await call(this.app, 'GET', `/v1/sessions/${this.sessionId}${query}`, {
        headers: { 'x-session-secret': this.secret },
      }),
      200,
      SessionState,
    );
  }
}

export { Submitted, PageSaved, SessionState, SessionCreated };
