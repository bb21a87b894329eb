/**
 * Lint's checks of what respondents read (respondent-checks.ts): the consent page's study
 * information (every field, every language), and answer labels left untranslated — a problem in a
 * version still open to change, an exemption in a version a wave has pinned.
 */
import { describe, expect, it } from 'vitest';
import {
  checkRespondentInformation,
  checkRespondentPages,
  defineInstrument,
  defineStudy,
  sameInAll,
  type InstrumentInput,
  type QuestionInput,
  type StudyInput,
} from '../../src/instrument/index.ts';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';
import { respondentInformation } from '../../survey-definitions/migration-perceptions/respondent-information.ts';
import { tx, EN_FR } from './fixtures/shared.ts';
import { runCli } from './cli-io.ts';

const langs = ['en', 'fr'];

function instrument(options: InstrumentInput['blocks'][number]['questions'][number]): InstrumentInput {
  return {
    id: 'tiny',
    version: '1',
    title: tx('Tiny', 'Petite'),
    languages: EN_FR,
    blocks: [{ id: 'only', questions: [options] }],
  };
}

const region = {
  kind: 'single',
  code: 'REGION',
  text: tx('Which region?', 'Quelle région ?'),
  options: [
    { code: 'north', label: sameInAll(langs, 'North') },
    { code: 'crete', label: tx('Crete', 'Crète') },
  ],
} satisfies QuestionInput;

function study(extra: Partial<StudyInput> = {}): ReturnType<typeof defineStudy> {
  const information = {
    sponsor: tx('A sponsor', 'Un commanditaire'),
    fieldwork: tx('A fieldwork agency', 'Un institut'),
    purpose: tx('To learn', 'Apprendre'),
    use: tx('Totals only', 'Totaux seulement'),
    retention: tx('Ten years', 'Dix ans'),
    voluntary: tx('Voluntary', 'Volontaire'),
    contact: 'team@example.org',
    privacyNotice: 'https://example.org/privacy',
  };
  return defineStudy({
    id: 'tiny',
    title: tx('Tiny', 'Petite'),
    instruments: [defineInstrument(instrument(region))],
    respondentInformation: information,
    ...extra,
  });
}

describe('respondent checks', () => {
  it('fail a study without its respondent information, naming each missing field', () => {
    const partial = study({ respondentInformation: { sponsor: tx('A sponsor', ''), contact: 'team@example.org' } });
    const issues = checkRespondentInformation(partial);
    const missing = issues.filter((i) => i.code === 'missing_respondent_information').map((i) => i.path);
    expect(missing).toEqual(
      ['fieldwork', 'purpose', 'use', 'retention', 'voluntary', 'privacyNotice'].map(
        (f) => `study(tiny).respondentInformation.${f}`,
      ),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'missing_translation',
        lang: 'fr',
        path: 'study(tiny).respondentInformation.sponsor.fr',
      }),
    );
    expect(issues.find((i) => i.path.endsWith('.purpose'))?.message).toBe(
      'the consent page must say why the study asks: the study has no respondentInformation.purpose',
    );
    expect(checkRespondentInformation(study({ respondentInformation: undefined }))).toHaveLength(8);
    // With no wave there is no consent page yet: lint says what is needed before one is defined.
    const draft = checkRespondentPages(partial);
    expect(draft.issues.filter((i) => i.path.includes('respondentInformation'))).toEqual([]);
    expect(draft.exemptions).toEqual([
      'tiny: no wave yet, so no consent page: before one is defined, write 7 missing parts of respondentInformation (fieldwork, purpose, use, retention, voluntary, privacyNotice, sponsor)',
    ]);
  });

  it('refuse a malformed contact address or privacy notice at definition time', () => {
    expect(() => study({ respondentInformation: { ...respondentInformation, contact: 'nobody' } })).toThrow(
      /respondentInformation\.contact/,
    );
    expect(() => study({ respondentInformation: { ...respondentInformation, privacyNotice: 'privacy' } })).toThrow(
      /respondentInformation\.privacyNotice/,
    );
  });

  it('fail an answer label that reads the same in every language of a version no wave has opened', () => {
    const { issues, exemptions } = checkRespondentPages(study());
    expect(exemptions).toEqual([]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'untranslated_label',
        question: 'REGION',
        path: 'instrument(tiny@1).blocks[only].questions[REGION].options[north].label',
        message: expect.stringContaining('answer label "North" reads the same in every language'),
      }),
    ]);
    // A question whose labels are names written alike everywhere, declared with the reason, passes.
    const declared = study({ sameInAllLanguages: [{ question: 'REGION', reason: 'names of the regions' }] });
    expect(checkRespondentPages(declared).issues).toEqual([]);
  });

  it('pass the flagship study: its information is complete; the versions its waves pinned are exempt, fixed in v4', () => {
    const { issues, exemptions } = checkRespondentPages(flagship);
    expect(issues).toEqual([]);
    expect(exemptions).toEqual(
      [
        ['1', 'mp-2022'],
        ['2', 'mp-2024'],
        ['3', 'mp-2026'],
      ].map(
        ([v, wave]) =>
          `migration-perceptions@${v}: 306 answer labels of REGION read the same in every language — v${v} is fielded in ${wave} as is (its fingerprint is pinned); fixed in v4`,
      ),
    );
  });

  it('make barometer lint fail on a study that lacks them, naming the field', async () => {
    const result = await runCli(['lint', 'test/instrument/fixtures/respondent-untold']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'test/instrument/fixtures/respondent-untold/index.ts: -: the consent page must say where the full privacy notice is: the study has no respondentInformation.privacyNotice (missing_respondent_information at study(respondent-untold).respondentInformation.privacyNotice)',
    );
    expect(result.stdout).toContain(
      'test/instrument/fixtures/respondent-untold/index.ts:12: Q1: answer label "Maybe" reads the same in every language',
    );
  });
});

describe('the flagship version 4 keeps what the consent page promises', () => {
  const v4 = flagship.instruments.find((i) => i.version === '4');
  const questions = v4?.blocks.flatMap((b) => b.questions) ?? [];

  it('offers "Prefer not to answer" on every question, as the consent text says', () => {
    const answerable = questions.filter((q) => q.kind !== 'info' && q.kind !== 'consent');
    expect(answerable.length).toBe(19);
    expect(answerable.filter((q) => !q.missing.includes('refused')).map((q) => q.code)).toEqual([]);
  });

  it('offers another country, kept last when the countries are sorted, and asks REGION only of a country of the study', () => {
    const country = questions.find((q) => q.code === 'COUNTRY');
    const options = country && 'options' in country ? country.options : [];
    expect(options.at(-1)).toMatchObject({ code: 'other', anchor: true, label: { fr: 'Un autre pays' } });
    const region = questions.find((q) => q.code === 'REGION');
    expect(JSON.stringify(region?.showIf)).toContain('"value":"other"');
  });

  it('names the regions in every language: "Greater Cairo" is no longer English on the other pages', () => {
    const region = questions.find((q) => q.code === 'REGION');
    const options = region && 'options' in region ? region.options : [];
    expect(options).toHaveLength(306);
    expect(options.find((o) => o.code === 'egy_greater_cairo')?.label).toEqual({
      en: 'Greater Cairo',
      fr: 'Grand Caire',
      es: 'Gran El Cairo',
      ar: 'القاهرة الكبرى',
    });
    for (const o of options) expect(o.label.ar, o.code).not.toBe(o.label.en);
  });
});
