/**
 * Request and response schemas of the collection API: they validate requests,
 * type the services, and generate /v1/openapi.json — written once.
 */
import { z } from '@hono/zod-openapi';
import { sessionStatuses } from '../../db/schema.ts';
import { QuestionKind } from '../instrument/questions.ts';
import { askedLanguagePattern, TextDirection } from '../instrument/text.ts';

const Code = z.string().max(100);

export const PageView = z
  .object({
    blockId: z.string(),
    title: z.string().optional(),
    questions: z.array(
      z.object({
        code: Code,
        kind: QuestionKind,
        text: z.string(),
        help: z.string().optional(),
        required: z.boolean(),
        options: z.array(z.object({ code: Code, label: z.string(), missing: z.boolean() })),
        items: z.array(z.object({ code: Code, label: z.string() })),
        unit: z.string().optional(),
        constraints: z.record(z.string(), z.union([z.number(), z.boolean()])),
      }),
    ),
  })
  .openapi('Page');
export type PageView = z.infer<typeof PageView>;

export const Progress = z.object({ done: z.number().int(), total: z.number().int() }).openapi('Progress');
export type Progress = z.infer<typeof Progress>;

export { Paradata } from '../../db/paradata-shapes.ts';

const AnswersOut = z.record(z.string(), z.unknown());

const SessionCore = {
  sessionId: z.string().uuid(),
  waveId: z.string().uuid(),
  status: z.enum(sessionStatuses),
  language: z.string(),
  dir: TextDirection,
  answers: AnswersOut,
  next: z
    .string()
    .nullable()
    .openapi({ description: 'The page to show next (block id), null when every page is done' }),
  page: PageView.nullable(),
  progress: Progress,
};

export const SessionState = z.object(SessionCore).openapi('Session');
export type SessionState = z.infer<typeof SessionState>;

export const SessionCreated = z
  .object({
    ...SessionCore,
    secret: z.string().openapi({ description: 'Present it as X-Session-Secret on every later call; shown once' }),
  })
  .openapi('SessionCreated');
export type SessionCreated = z.infer<typeof SessionCreated>;

export const PageSaved = z
  .object({
    saved: z.literal(true),
    status: z.literal('in_progress'),
    next: z.string().nullable(),
    page: PageView.nullable(),
    progress: Progress,
  })
  .openapi('PageSaved');
export type PageSaved = z.infer<typeof PageSaved>;

export const Submitted = z
  .object({ responseId: z.string(), status: z.literal('submitted'), submittedAt: z.string() })
  .openapi('Submitted');
export type Submitted = z.infer<typeof Submitted>;

/** Body of POST /v1/waves/{waveId}/sessions. */
export const StartSessionBody = z
  .object({
    consent: z.literal(true, { error: 'consent must be given (true) before any answer is recorded' }),
    language: z.string().regex(askedLanguagePattern).optional(),
    invitation: z.string().min(10).max(200).optional(),
  })
  .strict()
  .openapi('StartSession');

/** Body of PUT /v1/sessions/{sessionId}/pages/{blockId}. */
export const SavePageBody = z
  .object({
    answers: z.record(Code, z.unknown()).refine((a) => Object.keys(a).length <= 200, 'at most 200 answers per page'),
    seconds: z.number().min(0).max(86_400).optional(),
    complete: z
      .boolean()
      .default(true)
      .openapi({ description: 'true when leaving the page with "next": required questions must be answered' }),
  })
  .strict()
  .openapi('SavePage');

export const OpenWaves = z
  .object({
    waves: z.array(
      z.object({
        id: z.string().uuid(),
        study: z.string(),
        code: z.string(),
        year: z.number().int(),
        title: z.string(),
        languages: z.array(z.object({ code: z.string(), name: z.string(), dir: TextDirection })),
      }),
    ),
  })
  .openapi('OpenWaves');

export type OpenWave = z.infer<typeof OpenWaves>['waves'][number];
