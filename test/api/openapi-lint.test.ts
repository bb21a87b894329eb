/**
 * The API description passes Redocly's `recommended` ruleset (the rules `redocly lint` applies by
 * default; through @redocly/openapi-core, the library behind @redocly/cli) with no problem at all,
 * warnings included. Every operation has an operationId, declares its security (`security: []`
 * when public), and documents the statuses it returns; the document names its servers and
 * licence. A failure lists each problem as `rule — message — at <JSON pointer>`, and how to fix
 * it for the rules routes most often break.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { createScratchDb, type ScratchDb } from '../helpers/db.ts';

const hints: Record<string, string> = {
  'operation-operationId': 'give the route an operationId in createRoute({ operationId: ... })',
  'security-defined': 'add `security: []` to a public route, or `security: [{ bearer: [] }]` to an authenticated one',
  'operation-4xx-response': 'document the 4xx statuses the route can return (e.g. ...errors from src/api/openapi.ts)',
  'operation-2xx-response': 'document the success status the route really returns',
  'no-server-example.com': 'servers must not point at example.com',
};

/**
 * Operations with no client error to document: `operation-4xx-response` would have them list a
 * 4xx they never return. Exempted by name; every other operation must document its 4xx.
 */
const without4xx = new Set([
  '#/paths/~1healthz/get/responses',
  '#/paths/~1readyz/get/responses',
  '#/paths/~1v1~1waves/get/responses',
]);

describe('OpenAPI description', () => {
  let scratch: ScratchDb;
  let app: App;
  beforeAll(async () => {
    scratch = await createScratchDb('pglite', { migrate: false });
    app = createApp({ db: scratch.handle, logger: silentLogger, bodyLimit: 64 * 1024 });
  });
  afterAll(() => scratch.dispose());

  it('passes redocly lint (recommended rules) with no errors and no warnings', async () => {
    const res = await app.request('/v1/openapi.json');
    expect(res.status).toBe(200);
    const source = await res.text();
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
    const exempt = (p: (typeof problems)[number]) =>
      p.ruleId === 'operation-4xx-response' && p.location.every((l) => without4xx.has(l.pointer ?? ''));
    const report = problems
      .filter((p) => !exempt(p))
      .map((p) => {
        const where = p.location.map((l) => l.pointer).join(', ');
        const hint = hints[p.ruleId];
        return `${p.severity} ${p.ruleId} — ${p.message} — at ${where}${hint ? ` (fix: ${hint})` : ''}`;
      });
    expect(report, `redocly lint found ${report.length} problem(s):\n${report.join('\n')}`).toEqual([]);
  });

  it('documents the statuses the middleware gives: 503 everywhere but /healthz, 408 and 413 with a body, 415 for JSON bodies, 429 on starts', async () => {
    const doc: {
      paths: Record<
        string,
        Record<string, { operationId?: string; responses: Record<string, unknown>; requestBody?: unknown }>
      >;
    } = await (await app.request('/v1/openapi.json')).json();
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const need = [
          ...(path === '/healthz' ? [] : ['503']),
          ...(method === 'post' || method === 'put' ? ['408', '413'] : []),
          ...(op.requestBody !== undefined ? ['415'] : []),
          ...(path === '/v1/waves/{waveId}/sessions' ? ['429'] : []),
        ];
        for (const status of need)
          if (!(status in op.responses)) missing.push(`${method.toUpperCase()} ${path} (${op.operationId}): ${status}`);
      }
    }
    expect(missing, `undocumented statuses (add them from src/api/openapi.ts):\n${missing.join('\n')}`).toEqual([]);
  });
});
