/**
 * Simulated respondents answer a wave through the collection service, as the HTTP API would call
 * it: start a session, save each page the service shows (validated by the instrument), submit.
 * Many flows run at once in this process, so the service's batched writes fill up (one statement
 * and one commit per batch); nothing is inserted behind the service's back. The bulk path
 * (bulk.ts) writes the same rows without the service, for the full-size world.
 */
import type { Database } from '../../db/index.ts';
import { requestHash } from '../collection/idempotency.ts';
import type { PageView } from '../collection/schemas.ts';
import { savePage, startSession, submitSession } from '../collection/sessions.ts';
import { waveInstrument } from '../instrument/index.ts';
import { armReader, pageAnswers, plannedRespondents, type ArmOf } from './plan.ts';
import { BREAK_OFF, type SimulatedRespondent } from './respondents.ts';
import type { SimulatedWorld } from './world.ts';

export type FlowOutcome = 'submitted' | 'break_off';

/** One respondent's flow through the service; resolves when they submit or stop. */
export async function answerThroughService(
  db: Database,
  waveId: string,
  r: SimulatedRespondent,
  userAgent: string,
  armOf: ArmOf = () => undefined,
): Promise<FlowOutcome> {
  const startBody = { consent: true, language: r.language };
  const created = await startSession(db, {
    waveId,
    language: r.language,
    userAgent,
    requestHash: requestHash('POST', `/v1/waves/${waveId}/sessions`, startBody),
  });
  const { sessionId, secret } = created.body;
  let page: PageView | null = created.body.page;
  let progress = created.body.progress;
  const seen = new Set<string>();
  while (page !== null) {
    if (page.blockId === r.breaksOffAt) return 'break_off';
    for (const q of page.questions) seen.add(q.code);
    // A last page of information only (the thanks) is not saved: the respondent submits from it.
    // Earlier information-only pages (a message of the experiment) are read and saved.
    if (page.questions.every((q) => q.kind === 'info') && progress.done + 1 >= progress.total) break;
    const answers = pageAnswers(page, r, seen, armOf);
    const path = `/v1/sessions/${sessionId}/pages/${page.blockId}`;
    const saved = await savePage(db, {
      sessionId,
      secret,
      blockId: page.blockId,
      answers,
      complete: true,
      requestHash: requestHash('PUT', path, { answers, complete: true }),
    });
    page = saved.body.page;
    progress = saved.body.progress;
  }
  await submitSession(db, {
    sessionId,
    secret,
    requestHash: requestHash('POST', `/v1/sessions/${sessionId}/submit`, null),
  });
  return 'submitted';
}

export interface CollectPlan {
  readonly waveId: string;
  readonly wave: string;
  /** ISO3 → the number of respondents who start. */
  readonly starts: ReadonlyMap<string, number>;
}

/** Starters needed for about `completes` submitted responses, given the break-off rate. */
export function startsFor(completes: number): number {
  return Math.max(1, Math.round(completes / (1 - BREAK_OFF)));
}

export interface CollectProgress {
  readonly done: number;
  readonly submitted: number;
  readonly breakOffs: number;
}

/**
 * Every planned respondent of a wave answers through the service, `concurrency` flows at a time
 * (1: one after the other, in the planned order, as the bulk path writes them).
 */
export async function collectWave(
  db: Database,
  world: SimulatedWorld,
  plan: CollectPlan,
  options: {
    readonly seed: string;
    readonly concurrency: number;
    readonly onFlow?: (p: CollectProgress) => void;
    readonly signal?: AbortSignal | undefined;
  },
): Promise<CollectProgress> {
  const armOf = armReader(waveInstrument(world.study, plan.wave));
  const respondents = plannedRespondents(world, plan.wave, plan.starts, options.seed);
  const progress = { done: 0, submitted: 0, breakOffs: 0 };
  const worker = async () => {
    while (options.signal?.aborted !== true) {
      const next = respondents.next();
      if (next.done === true) break;
      const { respondent, userAgent } = next.value;
      const outcome = await answerThroughService(db, plan.waveId, respondent, userAgent, armOf);
      progress.done++;
      if (outcome === 'submitted') progress.submitted++;
      else progress.breakOffs++;
      options.onFlow?.(progress);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return progress;
}
