/**
 * The order test files start in: longest first (the longest-processing-time rule), so the two
 * workers finish together instead of one running a slow file alone at the end. Vitest's own order
 * needs a cache of earlier runs, which a clean CI clone does not have; without it, it starts
 * larger files first, and the slowest files here (whole demo worlds, a browser on `npm start`)
 * are short. Durations come from test/durations.json (seconds per file, measured on a CI run;
 * `node scripts/test-durations.mjs LOG` rewrites it from a run's output); a file not listed yet
 * is taken as DEFAULT_SECONDS.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const DEFAULT_SECONDS = 10;

function durations(): Map<string, number> {
  const parsed: unknown = JSON.parse(readFileSync(new URL('../durations.json', import.meta.url), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error('test/durations.json: not an object');
  const out = new Map<string, number>();
  for (const [file, seconds] of Object.entries(parsed)) {
    if (typeof seconds !== 'number' || !(seconds >= 0))
      throw new Error(`test/durations.json: "${file}" is not a number of seconds`);
    out.set(file, seconds);
  }
  return out;
}

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const known = durations();
    const root = this.ctx.config.root;
    const seconds = (f: TestSpecification) => known.get(relative(root, f.moduleId)) ?? DEFAULT_SECONDS;
    return [...files].sort((a, b) => seconds(b) - seconds(a));
  }
}
