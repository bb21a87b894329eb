import { expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { DefinitionError, isStudy, loadedStudies } from '../../src/instrument/index.ts';
import { silentLogger } from '../../src/log.ts';
import { describeEachDb } from '../helpers/db.ts';
import { worldStudy } from '../indicators/fixtures/campaign-world.ts';

describeEachDb('studies handed to the app', (ctx) => {
  it('are checked once when the app is made: an invalid study stops it, naming the study and the field', () => {
    // A study edited after defineStudy (a copy, not re-defined): one wave's year a string.
    const study = worldStudy();
    const broken = { ...study, waves: study.waves.map((w, i) => (i === 1 ? { ...w, year: 'twenty' } : w)) };
    // The type refuses it; a value from outside the type system (plain JavaScript, a copy) can still bring it.
    const make = () =>
      createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, studies: [broken as never] });
    expect(make).toThrow(DefinitionError);
    expect(make).toThrow(/^study\(campaign-study\) has 1 problem:\n.*at study\(campaign-study\)\.waves\[1\]\.year\)$/);
  });

  it('a valid study copied after defineStudy is validated and kept, not dropped', () => {
    const copy = { ...worldStudy(), minimumN: 100 };
    expect(isStudy(copy)).toBe(false);
    const [loaded] = loadedStudies([copy]);
    expect(loaded && isStudy(loaded)).toBe(true);
    expect(loaded?.id).toBe('campaign-study');
    expect(loaded?.minimumN).toBe(100);
    expect(() =>
      createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, studies: [copy] }),
    ).not.toThrow();
  });
});
