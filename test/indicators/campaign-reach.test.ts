import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { campaignReach } from '../../src/indicators/campaign/reach.ts';
import { mentions } from '../../src/indicators/campaign/table.ts';
import { worldTable } from './fixtures/campaign-world.ts';

const Share = z.object({ estimate: z.number(), se: z.number(), ci: z.tuple([z.number(), z.number()]), n: z.number() });
const reference = z
  .object({ reach: Share, falseRecall: Share, unaided: Share, reachYoung: Share })
  .parse(JSON.parse(readFileSync(new URL('./fixtures/campaign-reference.json', import.meta.url), 'utf8')));

const close = (actual: number | null | undefined, expected: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
};
const sameShare = (
  actual:
    { estimate: number | null; se: number | null; ci: readonly [number, number] | null; n: number } | null | undefined,
  expected: z.infer<typeof Share>,
) => {
  close(actual?.estimate, expected.estimate);
  close(actual?.se, expected.se);
  close(actual?.ci?.[0], expected.ci[0]);
  close(actual?.ci?.[1], expected.ci[1]);
  expect(actual?.n).toBe(expected.n);
};

describe('campaign reach (aided recall, false recall, unaided recall) against R svyciprop(method = "logit")', () => {
  const reach = campaignReach(worldTable({ n: 200 }), 50);

  it('matches R to 1e-9: reach in the campaign country, false recall, unaided recall and reach under 40', () => {
    sameShare(reach.overall, reference.reach);
    sameShare(
      reach.byCountry.find((c) => c.country === 'ZAF'),
      reference.reach,
    );
    sameShare(reach.falseRecall, reference.falseRecall);
    sameShare(reach.unaided, reference.unaided);
    sameShare(
      reach.bySubgroup.find((s) => s.subgroup.variable === 'age_group' && s.subgroup.level === '15-39'),
      reference.reachYoung,
    );
    close(reach.netOfFalseRecall, reference.reach.estimate - reference.falseRecall.estimate);
  });

  it('flags shares from fewer than the minimum n (withheld publicly), and shows the comparison countries’ recall as noise', () => {
    const small = campaignReach(worldTable({ n: 40 }), 50);
    expect(small.overall).toMatchObject({ suppressed: 'below_minimum_n', n: 40 });
    expect(reach.overall.suppressed).toBeNull();
    // In the simulation nobody outside ZAF saw the real slogan.
    expect(reach.comparison.estimate).toBeLessThan(1e-6);
  });

  it('codes unaided recall by keywords, ignoring case and accents', () => {
    expect(mentions('I saw « Je suis aussi MIGRANT » on télé', ['je suis aussi migrant'])).toBe(true);
    expect(mentions('Real slögan', ['real slogan'])).toBe(true);
    expect(mentions('nothing', ['real slogan'])).toBe(false);
    expect(mentions({ missing: 'not_asked' }, ['x'])).toBe(false);
  });
});
