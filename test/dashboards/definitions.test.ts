/**
 * Indicator definitions on the pages are in the page's language, with the question as asked and
 * the answers' labels, never the codes (the metadata JSON keeps the instrument's English wording).
 */
import { describe, expect, it } from 'vitest';
import { localDefinition, testName } from '../../dashboards/definitions.ts';
import { CHANGE_TEST } from '../../src/indicators/index.ts';
import type { Study } from '../../src/instrument/index.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';

const { study } = await flagshipFixture();

function indicator(s: Study, id: string) {
  const found = s.indicators.find((i) => i.id === id);
  if (!found) throw new Error(`no indicator ${id}`);
  return found;
}

describe('localDefinition', () => {
  it('names the question and the chosen answer in Arabic, and says how don’t know and refusals count', () => {
    const def = localDefinition(study, indicator(study, 'wantsDecrease'), 'ar');
    expect(def.definition).toContain('«');
    expect(def.definition).toContain('“خفضها”');
    expect(def.definition).not.toMatch(/MIG_LEVEL|decreased/);
    // wantsDecrease counts don't know in the base and leaves refusals out (its definition says so).
    expect(def.base).toContain('«لا أعرف» تُحسب ضمن الأساس');
    expect(def.base).toContain('حالات الرفض مستبعدة من الأساس');
  });

  it('reads the same definition in French with the French wording of the question', () => {
    const def = localDefinition(study, indicator(study, 'wantsDecrease'), 'fr');
    expect(def.definition).toMatch(/^Part des répondants répondant « .*immigration.* » par “Diminuée”$/);
    expect(def.base).toContain('« ne sait pas » compte dans la base');
  });

  it('lists an index’s questions with their scored answer labels and its range', () => {
    const def = localDefinition(study, indicator(study, 'migrantAcceptanceIndex'), 'en');
    expect(def.definition).toMatch(/^(Sum|Mean) of the scores of 3 questions, from 0 to 9: “/);
    expect(def.definition).not.toMatch(/\bMAI_[A-Z]+\b/);
    expect(def.base).toMatch(/^respondents with a scored answer to every question/);
  });
});

describe('testName', () => {
  it('names the pipeline’s change test in the page’s language, and any other test as given', () => {
    expect(testName('en', CHANGE_TEST)).toBe(CHANGE_TEST);
    expect(testName('es', CHANGE_TEST)).toMatch(/^prueba z bilateral, muestras independientes/);
    expect(testName('ar', CHANGE_TEST)).toMatch(/^اختبار z ثنائي الطرف/);
    expect(testName('fr', 'Welch t test')).toBe('Welch t test');
  });
});
