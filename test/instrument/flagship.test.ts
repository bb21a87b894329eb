import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  exportColumns,
  exportValue,
  nextPage,
  pageSequence,
  presentationOrder,
  questionFingerprints,
  recordBreakOff,
  renderPage,
  validateAnswers,
  waveInstrument,
  weightingLevel,
  type Answers,
} from '../../src/instrument/index.ts';
import study from '../../survey-definitions/migration-perceptions/index.ts';
import { POPULATIONS } from '../../survey-definitions/migration-perceptions/populations/data.ts';

const v2 = waveInstrument(study, 'mp-2024');
const v1 = waveInstrument(study, 'mp-2022');

const respondent: Answers = {
  CONSENT: true,
  COUNTRY: 'fra',
  REGION: 'fra_ile_de_france',
  AGE: 34,
  SEX: 'female',
  MIG_LEVEL: 'decreased',
  MIG_JOBS: { missing: 'dont_know' },
  MAI_LIVE: 'good',
  MAI_NEIGHBOR: 'depends',
  MAI_MARRY: 'bad',
  KNOWS_MIGRANTS: 'yes',
  CAMPAIGN_SEEN: 'yes',
  CAMPAIGN_WHERE: ['social_media', 'tv'],
  EDUCATION: 'tertiary',
  EMPLOYMENT: 'employed_full_time',
};

describe('the flagship study definition', () => {
  it('has the questions of the issue, in en, fr, es and ar (right-to-left)', () => {
    const codes = v2.blocks.flatMap((b) => b.questions.map((q) => q.code));
    for (const code of [
      'CONSENT',
      'COUNTRY',
      'REGION',
      'AGE',
      'SEX',
      'EDUCATION',
      'EMPLOYMENT',
      'MIG_LEVEL',
      'MIG_JOBS',
      'MAI_LIVE',
      'MAI_NEIGHBOR',
      'MAI_MARRY',
      'KNOWS_MIGRANTS',
      'CAMPAIGN_SEEN',
    ]) {
      expect(codes).toContain(code);
    }
    expect(v2.languages).toEqual([
      { code: 'en', name: 'English', dir: 'ltr' },
      { code: 'fr', name: 'Français', dir: 'ltr' },
      { code: 'es', name: 'Español', dir: 'ltr' },
      { code: 'ar', name: 'العربية', dir: 'rtl' },
    ]);
  });

  it('fields waves in 2022, 2024 and 2026 (2028 planned) across all seven world regions', () => {
    expect(study.waves.map((w) => w.year)).toEqual([2022, 2024, 2026, 2028]);
    expect(study.waves.map((w) => w.status)).toEqual(['closed', 'closed', 'fielding', 'planned']);
    const regions = new Set(study.waves.flatMap((w) => w.countries.map((c) => c.region)));
    expect(regions).toEqual(
      new Set([
        'Europe',
        'Northern America',
        'Latin America and the Caribbean',
        'Asia',
        'Sub-Saharan Africa',
        'Middle East and North Africa',
        'Oceania',
      ]),
    );
    for (const wave of study.waves) expect(wave.countries.map((c) => c.iso3)).toEqual(POPULATIONS.map((p) => p.iso3));
    expect(POPULATIONS).toHaveLength(51);
  });

  it('asks the perception question in version 4 before anything about immigration and before the message experiment', () => {
    const v3 = waveInstrument(study, 'mp-2026');
    const v4 = waveInstrument(study, 'mp-2028');
    const order = v4.blocks.flatMap((b) => b.questions.map((q) => q.code));
    const at = (code: string) => order.indexOf(code);
    expect(at('MIG_SHARE_GUESS')).toBeGreaterThan(at('SEX'));
    for (const later of [
      'MIG_LEVEL',
      'MIG_JOBS',
      'MAI_LIVE',
      'CAMPAIGN_SEEN',
      'SLOGAN_SEEN',
      'MSG_FACT',
      'MSG_BETTER_PLACE',
    ])
      expect(at('MIG_SHARE_GUESS'), later).toBeLessThan(at(later));
    expect(v4.blocks.find((b) => b.questions.some((q) => q.code === 'MIG_SHARE_GUESS'))?.experiment).toBeUndefined();
    const a = questionFingerprints(v3);
    const b = questionFingerprints(v4);
    // v4 changes on purpose only questions no indicator measures: the location questions (another
    // country, "Prefer not to answer", translated regions) and the exposure questions that lacked
    // "Prefer not to answer", which the consent text promises of every question.
    const changed = ['COUNTRY', 'REGION', 'CAMPAIGN_UNAIDED', 'CAMPAIGN_WHERE', 'SLOGAN_WHERE'];
    for (const code of Object.keys(a)) if (!changed.includes(code)) expect(b[code], code).toBe(a[code]);
    for (const code of changed) expect(b[code], code).not.toBe(a[code]);
    const measured = JSON.stringify(study.indicators);
    for (const code of changed) expect(measured, code).not.toContain(`"question":"${code}"`);
    expect(Object.keys(b).filter((c) => !(c in a))).toEqual(['MIG_SHARE_GUESS']);
    const q = v4.blocks.flatMap((bl) => bl.questions).find((x) => x.code === 'MIG_SHARE_GUESS');
    expect(q).toMatchObject({ kind: 'numeric', integer: true, min: 0, max: 100, missing: ['dont_know', 'refused'] });
    const ok = validateAnswers(v4, { ...respondent, MIG_SHARE_GUESS: 31 }, { mode: 'partial' });
    expect(ok.ok).toBe(true);
    const bad = validateAnswers(v4, { ...respondent, MIG_SHARE_GUESS: 101 }, { mode: 'partial' });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? {} : bad.errors).toHaveProperty('MIG_SHARE_GUESS');
  });

  it('keeps the measurement of shared questions identical between versions 1 and 2 (no series break)', () => {
    const a = questionFingerprints(v1);
    const b = questionFingerprints(v2);
    for (const code of Object.keys(a)) expect(b[code], code).toBe(a[code]);
    expect(a.CAMPAIGN_SEEN).toBeUndefined();
  });

  it('uses the reference populations unchanged: data.ts equals the CSV copies, margins equal the adult population', () => {
    const csv = (file: string) =>
      readFileSync(
        new URL(`../../survey-definitions/migration-perceptions/populations/${file}`, import.meta.url),
        'utf8',
      )
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
    const ageSex = csv('age_sex_15plus.csv');
    const education = csv('education_15plus.csv');
    const countries = csv('countries.csv');
    expect(POPULATIONS.map((p) => p.iso3)).toEqual(countries.map((r) => r[0]));
    for (const p of POPULATIONS) {
      expect(countries.find((r) => r[0] === p.iso3)?.[6]).toBe(String(p.pop15plus));
      for (const cell of p.ageSex)
        expect(ageSex.find((r) => r[0] === p.iso3 && r[2] === cell.sex && r[3] === cell.ageGroup)?.[4]).toBe(
          String(cell.population),
        );
      for (const cell of p.education)
        expect(Number(education.find((r) => r[0] === p.iso3 && r[2] === cell.level)?.[3])).toBe(cell.share);
      expect(p.ageSex.reduce((s, c) => s + c.population, 0)).toBe(p.pop15plus);
    }
    const gbr = study.waves[0]?.countries.find((c) => c.iso3 === 'GBR');
    expect(gbr?.adultPopulation).toMatchObject({
      value: 57752107,
      source: { publisher: 'United Nations, Department of Economic and Social Affairs, Population Division' },
    });
    expect(gbr?.margins.map((m) => [m.variables.join('×'), m.unit, m.cells.length, m.source.year])).toEqual([
      ['age_group×sex', 'persons', 8, 2025],
      ['education', 'share', 3, 2020],
    ]);
  });

  it('maps answers to weighting levels', () => {
    const [age, sex, education] = study.weightingVariables;
    if (!age || !sex || !education) throw new Error('weighting variables missing');
    expect([15, 29, 30, 64, 65, 99].map((a) => weightingLevel(age, a))).toEqual([
      '15-29',
      '15-29',
      '30-44',
      '45-64',
      '65+',
      '65+',
    ]);
    expect(weightingLevel(sex, 'female')).toBe('female');
    expect(weightingLevel(sex, { missing: 'refused' })).toBeUndefined();
    expect(weightingLevel(education, 'tertiary')).toBe('tertiary');
  });
});

describe('a respondent’s path through the flagship instrument', () => {
  const order = presentationOrder(v2, 'respondent-1');

  it('pages in order; declining consent skips to the end', () => {
    expect(pageSequence(v2, order, { CONSENT: true, CAMPAIGN_SEEN: 'yes' })).toEqual([
      'intro',
      'location',
      'about_you',
      'immigration',
      'acceptance',
      'contact',
      'campaign',
      'background',
      'end',
    ]);
    expect(pageSequence(v2, order, { CONSENT: true, CAMPAIGN_SEEN: 'no' })).not.toContain('campaign');
    expect(nextPage(v2, order, { CONSENT: false }, 'intro')).toBe('end');
    expect(nextPage(v2, order, {}, null)).toBe('intro');
  });

  it('pipes the country into the region question, offers only that country’s regions, and renders Arabic right-to-left', () => {
    const fr = renderPage(v2, { blockId: 'about_you', lang: 'fr', answers: { CONSENT: true, COUNTRY: 'fra' }, order });
    const region = fr.questions.find((q) => q.code === 'REGION');
    expect(region?.text).toBe('Dans quelle région vivez-vous (France) ?');
    expect(region?.options.map((o) => o.code)).toEqual([
      'fra_ile_de_france',
      'fra_nord_est',
      'fra_ouest',
      'fra_sud_est',
      'fra_sud_ouest',
      'refused',
    ]);
    expect(region?.options.at(-1)).toEqual({ code: 'refused', label: 'Préfère ne pas répondre', missing: true });
    const ar = renderPage(v2, { blockId: 'about_you', lang: 'ar', answers: { CONSENT: true, COUNTRY: 'egy' }, order });
    expect(ar.dir).toBe('rtl');
    expect(ar.questions.find((q) => q.code === 'REGION')?.text).toBe('في أي منطقة من مصر تعيش؟');
    const noCountry = renderPage(v2, {
      blockId: 'about_you',
      lang: 'en',
      answers: { CONSENT: true, COUNTRY: { missing: 'refused' } },
      order,
    });
    expect(noCountry.questions.find((q) => q.code === 'REGION')?.text).toBe(
      'In which region of your country do you live?',
    );
  });

  it('validates a complete respondent and rejects a region of another country', () => {
    const result = validateAnswers(v2, respondent, { mode: 'submit' });
    expect(result).toEqual({ ok: true, answers: { ...respondent, CAMPAIGN_WHERE: ['tv', 'social_media'] } });
    const wrong = validateAnswers(v2, { ...respondent, REGION: 'gbr_scotland' }, { mode: 'partial' });
    expect(wrong.ok ? undefined : wrong.errors.REGION?.code).toBe('unknown_option');
    const tooYoung = validateAnswers(v2, { ...respondent, AGE: 14 }, { mode: 'partial' });
    expect(tooYoung.ok ? undefined : tooYoung.errors.AGE?.code).toBe('out_of_range');
  });

  it('a respondent who declines is recorded not_asked everywhere else', () => {
    const result = validateAnswers(v2, { CONSENT: false }, { mode: 'submit' });
    expect(result.ok && result.answers.MIG_LEVEL).toEqual({ missing: 'not_asked' });
    const broken = recordBreakOff(v2, { CONSENT: true, COUNTRY: 'usa' });
    expect([broken.REGION, broken.CAMPAIGN_WHERE]).toEqual([{ missing: 'break_off' }, { missing: 'not_asked' }]);
  });

  it('exports one column per question code, coded or labelled', () => {
    const columns = exportColumns(v2);
    expect(columns.map((c) => c.name)).toEqual([
      'CONSENT',
      'COUNTRY',
      'REGION',
      'AGE',
      'SEX',
      'MIG_LEVEL',
      'MIG_JOBS',
      'MAI_LIVE',
      'MAI_NEIGHBOR',
      'MAI_MARRY',
      'KNOWS_MIGRANTS',
      'CAMPAIGN_SEEN',
      'CAMPAIGN_WHERE',
      'EDUCATION',
      'EMPLOYMENT',
    ]);
    const row = (labelled: boolean, lang?: string) =>
      Object.fromEntries(
        columns.map((c) => [c.name, exportValue(c, respondent, lang ? { labelled, lang } : { labelled })]),
      );
    expect(row(false)).toMatchObject({
      CONSENT: true,
      COUNTRY: 'fra',
      AGE: 34,
      MIG_JOBS: 'dont_know',
      CAMPAIGN_WHERE: 'social_media;tv',
    });
    expect(row(true, 'es')).toMatchObject({
      COUNTRY: 'Francia',
      MIG_LEVEL: 'Disminuir',
      MIG_JOBS: 'No sabe',
      CAMPAIGN_WHERE: 'Redes sociales;Televisión',
    });
    expect(columns.find((c) => c.name === 'MIG_LEVEL')?.labelledName).toBe('MIG_LEVEL_label');
  });
});
