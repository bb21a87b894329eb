/**
 * The data-quality checks of a wave's responses, as pure functions of what was stored: speeders
 * (an interview under a fraction of the wave's median length), straight-lining in grids,
 * duplicates (the same device, or the very same answers, as an earlier response) and item
 * non-response. Thresholds come from the study definition (`quality`, src/instrument/quality.ts).
 */
import type { QualityFlag } from '../../db/schema.ts';
import {
  findQuestion,
  isMissing,
  isMissingCode,
  type Answers,
  type Instrument,
  type QualityThresholds,
} from '../instrument/index.ts';

export interface CheckedResponse {
  readonly id: number;
  readonly answers: Answers;
  readonly seconds: number;
  /** The hash of the device cookie of the session, when the link counts devices. */
  readonly deviceHash: string | null;
  readonly instrument: Instrument;
}

/** The median of `values` (which must not be empty). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** A chosen "don't know" or "refused" (bare or as `{ missing }`). */
function chosenMissing(value: unknown): boolean {
  const code = isMissing(value) ? value.missing : isMissingCode(value) ? value : undefined;
  return code === 'dont_know' || code === 'refused';
}

/** Whether a value records that the question was never put (skipped by logic, or a break-off). */
function notPut(value: unknown): boolean {
  const code = isMissing(value) ? value.missing : isMissingCode(value) ? value : undefined;
  return code === 'not_asked' || code === 'break_off';
}

/** The grid whose answered items all take one scale point, when it has at least `minItems`. */
function straightLinedGrid(r: CheckedResponse, minItems: number): string | undefined {
  for (const [code, value] of Object.entries(r.answers)) {
    if (findQuestion(r.instrument, code)?.kind !== 'grid') continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value) || isMissing(value)) continue;
    const points = Object.values(value).filter((v): v is string => typeof v === 'string');
    if (points.length >= minItems && new Set(points).size === 1)
      return `${code}: ${points.length} items "${points[0]}"`;
  }
  return undefined;
}

/** How many questions were put to the respondent, and how many of them got "don't know" or "refused". */
function nonResponse(r: CheckedResponse): { asked: number; missing: number } {
  let asked = 0;
  let missing = 0;
  for (const [code, value] of Object.entries(r.answers)) {
    const kind = findQuestion(r.instrument, code)?.kind;
    if (kind === undefined || kind === 'info' || kind === 'consent' || notPut(value)) continue;
    asked++;
    const items =
      kind === 'grid' && typeof value === 'object' && value !== null && !Array.isArray(value) && !isMissing(value);
    if (items ? Object.values(value).every(chosenMissing) : chosenMissing(value)) missing++;
  }
  return { asked, missing };
}

/** A key equal for equal answers, whatever the order of their codes. */
function answersKey(answers: Answers): string {
  return JSON.stringify(
    Object.keys(answers)
      .sort()
      .map((k) => [k, answers[k]]),
  );
}

/** The flags of each response (by id; a clean response has none), the earlier one of a duplicate pair left unflagged. */
export function qualityFlags(
  responses: readonly CheckedResponse[],
  thresholds: QualityThresholds,
): { flags: Map<number, QualityFlag[]>; medianSeconds: number | null } {
  const flags = new Map<number, QualityFlag[]>(responses.map((r) => [r.id, []]));
  const add = (id: number, flag: QualityFlag) => flags.get(id)?.push(flag);
  const ordered = [...responses].sort((a, b) => a.id - b.id);
  const { speeders, straightLining, duplicates, itemNonResponse } = thresholds;
  const medianSeconds = ordered.length > 0 ? median(ordered.map((r) => r.seconds)) : null;
  const devices = new Map<string, number>();
  const vectors = new Map<string, number>();
  for (const r of ordered) {
    if (
      medianSeconds !== null &&
      ordered.length >= speeders.minResponses &&
      r.seconds < speeders.fraction * medianSeconds
    )
      add(r.id, { check: 'speeder', detail: `${Math.round(r.seconds)} s, median ${Math.round(medianSeconds)} s` });
    const grid = straightLinedGrid(r, straightLining.minItems);
    if (grid !== undefined) add(r.id, { check: 'straight_lining', detail: grid });
    if (duplicates.device && r.deviceHash !== null) {
      const first = devices.get(r.deviceHash);
      if (first === undefined) devices.set(r.deviceHash, r.id);
      else add(r.id, { check: 'duplicate_device', detail: `same device as response ${first}` });
    }
    if (duplicates.answers) {
      const key = answersKey(r.answers);
      const first = vectors.get(key);
      if (first === undefined) vectors.set(key, r.id);
      else add(r.id, { check: 'duplicate_answers', detail: `same answers as response ${first}` });
    }
    const { asked, missing } = nonResponse(r);
    if (asked >= itemNonResponse.minQuestions && missing / asked > itemNonResponse.maxShare)
      add(r.id, { check: 'item_nonresponse', detail: `${missing} of ${asked} questions "don't know" or "refused"` });
  }
  return { flags, medianSeconds };
}
