/**
 * A synthetic respondent: valid answers for a page as the API shows it. Used
 * by the load benchmark, the crash test and the end-to-end tests; `random`
 * makes answers vary (default: a fixed sequence, so runs are reproducible).
 */
import { seededRandom } from '../instrument/random.ts';
import type { PageView } from './schemas.ts';

export function simulatedAnswers(page: PageView, random: () => number = sequence(1)): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(random() * xs.length)];
  for (const q of page.questions) {
    const substantive = q.options.filter((o) => !o.missing).map((o) => o.code);
    const num = (k: string) => (typeof q.constraints[k] === 'number' ? Number(q.constraints[k]) : undefined);
    switch (q.kind) {
      case 'consent':
        out[q.code] = true;
        break;
      case 'single':
      case 'scale':
        out[q.code] = pick(substantive);
        break;
      case 'multiple': {
        const n = Math.max(1, num('minSelections') ?? 1);
        out[q.code] = substantive.slice(0, Math.min(n, num('maxSelections') ?? n));
        break;
      }
      case 'ranking':
        out[q.code] = substantive.slice(0, num('minRanked') ?? substantive.length);
        break;
      case 'numeric': {
        const min = num('min') ?? 0;
        const max = num('max') ?? min + 100;
        out[q.code] = Math.round(min + random() * (Math.min(max, min + 80) - min));
        break;
      }
      case 'text':
        out[q.code] = 'No comment.';
        break;
      case 'grid':
        out[q.code] = Object.fromEntries(q.items.map((i) => [i.code, pick(substantive)]));
        break;
      case 'info':
        break;
    }
  }
  return out;
}

/** A reproducible pseudo-random sequence in [0, 1) for synthetic respondents (the instrument's own seeded PRNG). */
export function sequence(seed: number): () => number {
  return seededRandom(`simulate:${seed}`);
}
