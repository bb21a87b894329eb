/**
 * The official figures beside the answers, on the dashboards: the methodology page states the
 * source, licence and the year each wave is compared with (latest estimate at or before the wave's
 * year), in every language; the plain-language sentence and the source line read in each.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { plainPerception, referenceSourceLine, referencesSection } from '../../dashboards/i18n-reality.ts';
import study from '../../survey-definitions/migration-perceptions/index.ts';
import { foreignBornShare } from '../../survey-definitions/migration-perceptions/references.ts';

const text = (h: unknown) => parseHTML(`<div>${String(h)}</div>`).document.querySelector('div')?.textContent ?? '';

describe('the official figures on the dashboards', () => {
  it('the methodology section names the source, the licence and the estimate each wave reads, in every language', () => {
    const en = text(referencesSection('en', study));
    expect(en).toContain('Official figures beside the answers');
    expect(en).toContain('United Nations, Department of Economic and Social Affairs, Population Division');
    expect(en).toContain('Licence: UN DESA: CC BY 3.0 IGO; Our World in Data processing: CC BY 4.0');
    expect(en).toContain('latest published estimate for its country at or before the wave’s year');
    for (const line of [
      'Wave 2022: estimates of 2020',
      'Wave 2024: estimates of 2024',
      'Wave 2026: estimates of 2024',
      'Wave 2028: estimates of 2024',
    ])
      expect(en).toContain(line);
    expect(text(referencesSection('fr', study))).toContain('Vague 2022 : estimations de 2020');
    expect(text(referencesSection('es', study))).toContain('Ola 2026: estimaciones de 2024');
    const ar = text(referencesSection('ar', study));
    expect(ar).toContain('الأرقام الرسمية إلى جانب الإجابات');
    expect(ar).toContain('موجة 2028: تقديرات 2024');
  });

  it('says the gap in plain words, and cites the figure with its year and licence', () => {
    expect(plainPerception('en', 'Germany', 31.4, 17.2)).toBe(
      'Adults in Germany think 31 in 100 people were born abroad; the official figure is 17.',
    );
    expect(plainPerception('fr', 'Allemagne', 31.4, 17.2)).toBe(
      'Les adultes (Allemagne) pensent que 31 personnes sur 100 sont nées à l’étranger ; le chiffre officiel est de 17.',
    );
    expect(plainPerception('es', 'Alemania', 31.4, 17.2)).toContain('31 de cada 100');
    expect(plainPerception('ar', 'ألمانيا', 31.4, 17.2)).toMatch(/^يعتقد البالغون في ألمانيا/);
    expect(referenceSourceLine('en', foreignBornShare, 2024)).toBe(
      'Official figure: United Nations, Department of Economic and Social Affairs, Population Division (via Our World in Data), International Migrant Stock 2024: international migrants as a share of the total population, estimate of 2024 (UN DESA: CC BY 3.0 IGO; Our World in Data processing: CC BY 4.0).',
    );
  });
});
