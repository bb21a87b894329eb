/** The OpenAPI descriptions of the researcher API's routes (research.ts registers them with their handlers). */
import { createRoute, z } from '@hono/zod-openapi';
import { FILE_MEDIA_TYPES, type FileFormat } from '../../collection/export-file.ts';
import { isWaveRef, waveRefMessage } from '../../collection/wave-ref.ts';
import { ErrorBody } from '../error-body.ts';
import { bodyResponses, busyResponse, jsonBodyResponses, jsonResponse } from '../openapi.ts';

const json = jsonResponse;
const errors = {
  400: json(ErrorBody, 'invalid request'),
  401: json(ErrorBody, 'no valid API token'),
  403: json(ErrorBody, 'the token lacks the role'),
  404: json(ErrorBody, 'not found'),
  409: json(ErrorBody, 'conflict with the current state'),
  ...busyResponse,
} as const;
const security = [{ bearer: [] }];
/** `{waveId}`: the wave's code (`mp-2026`) or its id (a UUID alias). */
export const WaveParam = z.object({
  waveId: z
    .string()
    .refine(isWaveRef, waveRefMessage)
    .openapi({
      param: { name: 'waveId', in: 'path' },
      description: 'the wave code (e.g. mp-2026) or the wave id (UUID)',
    }),
});

const WaveSummary = z
  .object({
    id: z.string(),
    study: z.string(),
    code: z.string(),
    year: z.number(),
    status: z.enum(['draft', 'open', 'closed']),
    instrumentId: z.string(),
    responses: z.number(),
    inProgress: z.number(),
    breakOffs: z.number(),
  })
  .openapi('WaveSummary');

/** The query of a submissions import: the mode and the language the interviews were held in. */
export const SubmissionsQuery = z.object({
  mode: z.enum(['face_to_face', 'phone']).default('face_to_face'),
  language: z.string().max(35).optional(),
});

const SubmissionsReport = z
  .object({
    rows: z.number().openapi({ description: 'data rows read (blank lines aside)' }),
    added: z.number().openapi({ description: 'rows stored now' }),
    already: z.number().openapi({ description: 'valid rows whose submission the wave already held: nothing added' }),
    refusedRows: z.number().openapi({ description: 'rows not stored' }),
    refused: z.array(z.object({ row: z.number(), field: z.string(), message: z.string() })).openapi({
      description: 'one entry per refused field: the row number in the file (the header is row 1), the field, why',
    }),
    ignored: z.array(z.string()).openapi({ description: 'columns not of the form (ODK and Kobo metadata), not read' }),
  })
  .openapi('SubmissionsReport');

export const ExportQuery = z.object({
  breakoffs: z.enum(['true', 'false']).optional(),
  lang: z.string().max(10).optional(),
});

function fileExportRoute(format: FileFormat, what: string) {
  return createRoute({
    method: 'get',
    path: `/v1/research/waves/{waveId}/responses.${format}`,
    operationId: `exportResponses${format === 'sav' ? 'Sav' : 'Dta'}`,
    summary: `Stream the responses as an ${what} (researcher)`,
    description:
      "Variable and value labels in `lang` (default: the instrument's first); 400 for a language the instrument lacks; 422 for data the format cannot hold (Stata: text over 2045 bytes). The file is a snapshot of the moment the export starts; a failure after the first byte aborts the connection. See docs/exports.md.",
    security,
    request: { params: WaveParam, query: ExportQuery },
    responses: {
      200: {
        description: what,
        content: { [FILE_MEDIA_TYPES[format]]: { schema: z.string().openapi({ format: 'binary' }) } },
      },
      400: errors[400],
      401: errors[401],
      403: errors[403],
      404: errors[404],
      422: json(ErrorBody, 'the data cannot be written in this format'),
      ...busyResponse,
    },
  });
}

export const researchOpenApi = {
  waves: createRoute({
    operationId: 'listWaves',
    method: 'get',
    path: '/v1/research/waves',
    summary: 'Every wave with its status and counts (viewer)',
    security,
    responses: { 200: json(z.object({ waves: z.array(WaveSummary) }), 'waves'), ...errors },
  }),
  open: createRoute({
    operationId: 'openWave',
    method: 'post',
    path: '/v1/research/waves/{waveId}/open',
    summary: 'Open a draft wave; freezes its instrument version (researcher)',
    security,
    request: { params: WaveParam },
    responses: { 200: json(z.object({ status: z.literal('open') }), 'opened'), ...errors, ...bodyResponses },
  }),
  close: createRoute({
    operationId: 'closeWave',
    method: 'post',
    path: '/v1/research/waves/{waveId}/close',
    summary: 'Close an open wave; unfinished sessions become break-offs (researcher)',
    security,
    request: { params: WaveParam },
    responses: {
      200: json(z.object({ status: z.literal('closed'), breakOffs: z.number() }), 'closed'),
      ...errors,
      ...bodyResponses,
    },
  }),
  instrument: createRoute({
    operationId: 'putInstrument',
    method: 'put',
    path: '/v1/research/studies/{study}/instruments',
    summary: 'Add or change an instrument version; a frozen version is refused with 409 (admin)',
    security,
    request: {
      params: z.object({
        study: z
          .string()
          .max(100)
          .openapi({ param: { name: 'study', in: 'path' } }),
      }),
      body: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } }, required: true },
    },
    responses: {
      200: json(z.object({ outcome: z.enum(['added', 'updated', 'unchanged']) }), 'stored'),
      ...errors,
      ...jsonBodyResponses,
      422: json(ErrorBody, 'not a valid instrument definition'),
    },
  }),
  invitations: createRoute({
    operationId: 'issueInvitations',
    method: 'post',
    path: '/v1/research/waves/{waveId}/invitations',
    summary: 'Issue single-use invitation tokens, optionally one per contact (researcher)',
    security,
    request: {
      params: WaveParam,
      body: {
        content: {
          'application/json': {
            schema: z
              .object({
                count: z.number().int().min(1).max(10_000).optional(),
                contacts: z.array(z.string().min(1).max(320)).max(10_000).optional(),
              })
              .strict(),
          },
        },
        required: true,
      },
    },
    responses: {
      201: json(
        z.object({ invitations: z.array(z.object({ token: z.string(), contact: z.string().optional() })) }),
        'issued',
      ),
      ...errors,
      ...jsonBodyResponses,
    },
  }),
  export: createRoute({
    operationId: 'exportResponsesCsv',
    method: 'get',
    path: '/v1/research/waves/{waveId}/responses.csv',
    summary: 'Stream the responses as CSV (researcher)',
    security,
    request: {
      params: WaveParam,
      query: z.object({ breakoffs: z.enum(['true', 'false']).optional(), lang: z.string().max(10).optional() }),
    },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errors },
  }),
  exportSav: fileExportRoute('sav', 'SPSS system file (bytecode-compressed): labels, value labels, user-missing codes'),
  exportDta: fileExportRoute('dta', 'Stata 118 file: labels, value labels, extended missing values .a–.d'),
  interviewers: createRoute({
    operationId: 'listInterviewerCompletes',
    method: 'get',
    path: '/v1/research/waves/{waveId}/interviewers',
    summary: 'Completed interviews per interviewer and mode: phone and face to face (researcher)',
    description:
      "One row per interviewer and mode: the interviewer id (an interviewer token id for interviews in Barometer's pages, the field id of an imported submission), the token's name when it is one, and the completes. Self-administered web responses have no interviewer and are not listed. Interviewer ids are never in public outputs.",
    security,
    request: { params: WaveParam },
    responses: {
      200: json(
        z.object({
          interviewers: z.array(
            z.object({
              interviewerId: z.string(),
              name: z.string().nullable(),
              mode: z.enum(['web', 'phone', 'face_to_face']),
              completes: z.number(),
            }),
          ),
        }),
        'completes per interviewer and mode',
      ),
      ...errors,
    },
  }),
  submissions: createRoute({
    operationId: 'importSubmissions',
    method: 'post',
    path: '/v1/research/waves/{waveId}/submissions',
    summary: 'Import field submissions (ODK Central / KoboToolbox CSV export) into an open wave (researcher)',
    description:
      "The body is the CSV export (comma or semicolon, UTF-8) of a form made by `barometer export xlsform`, as `barometer import submissions` reads it. Every row is validated as the web's answers are (its instrument_fingerprint must be the wave's); the valid rows are stored with the mode (`face_to_face` unless `mode=phone`) and their interviewer, and a row with any problem is not stored and is listed by row number (the header is row 1) and field. The submission's id (instanceID, KEY or _uuid) makes the import idempotent: posting the file again adds nothing. 200 with the report even when rows are refused; 400 naming the field for a file that is not of the form; 409 when the wave is not open. The body limit (BAROMETER_BODY_LIMIT) bounds the file; larger exports go through the CLI. See docs/mixed-mode.md.",
    security,
    request: {
      params: WaveParam,
      query: SubmissionsQuery,
      body: { content: { 'text/csv': { schema: z.string() } }, required: true },
    },
    responses: {
      200: json(SubmissionsReport, 'the per-row report'),
      ...errors,
      ...bodyResponses,
      415: json(ErrorBody, 'the body is not `text/csv`'),
    },
  }),
  interviewerLink: createRoute({
    operationId: 'createInterviewerLink',
    method: 'post',
    path: '/v1/research/waves/{waveId}/interviewer-links',
    summary: 'Create a per-interviewer link to a wave (researcher)',
    description:
      "An interviewer token scoped to this wave, as a link: `path` (`/i/WAVE-ID?link=SECRET`, on this server's address) opens the interviewer's start page without typing a token. The secret is shown once and stored hashed; the link's `id` is the interviewer id of the interviews started with it, and revokes it (DELETE /v1/research/interviewer-links/{linkId}). 409 for a closed wave. See docs/mixed-mode.md.",
    security,
    request: {
      params: WaveParam,
      body: {
        content: {
          'application/json': { schema: z.object({ name: z.string().trim().min(1).max(200) }).strict() },
        },
        required: true,
      },
    },
    responses: {
      201: json(z.object({ id: z.string(), name: z.string(), path: z.string() }), 'created (the secret shown once)'),
      ...errors,
      ...jsonBodyResponses,
    },
  }),
  revokeInterviewerLink: createRoute({
    operationId: 'revokeInterviewerLink',
    method: 'delete',
    path: '/v1/research/interviewer-links/{linkId}',
    summary: 'Revoke a per-interviewer link (researcher)',
    description: 'The link opens nothing any more; revoking it again changes nothing. 404 when no link has this id.',
    security,
    request: {
      params: z.object({
        linkId: z
          .string()
          .uuid()
          .openapi({ param: { name: 'linkId', in: 'path' }, description: 'the id given when the link was created' }),
      }),
    },
    responses: { 200: json(z.object({ revoked: z.literal(true) }), 'revoked'), ...errors },
  }),
  audit: createRoute({
    operationId: 'listAuditEntries',
    method: 'get',
    path: '/v1/research/audit',
    summary: 'The latest audit log entries (admin)',
    security,
    request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
    responses: {
      200: json(
        z.object({
          entries: z.array(
            z.object({
              id: z.number(),
              at: z.string(),
              actor: z.string(),
              action: z.string(),
              targetType: z.string().nullable(),
              targetId: z.string().nullable(),
              details: z.unknown(),
            }),
          ),
        }),
        'entries',
      ),
      ...errors,
    },
  }),
};

/** Every researcher route, for tests that check 401/403 on each. */
export const researchRouteList = Object.values(researchOpenApi).map((r) => ({
  method: r.method.toUpperCase(),
  path: r.path,
}));
