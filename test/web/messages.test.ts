/**
 * The page words in the respondent's language: plural forms chosen by the language's CLDR plural
 * rules (French counts 0 and 1 as singular, English only 1), numbers with the language's grouping
 * and decimal signs (CLDR: U+202F narrow no-break space groups French thousands, Spanish groups
 * from five digits with a full stop). Expected texts written by hand.
 */
import { describe, expect, it } from 'vitest';
import { messageIn } from '../../src/web/messages.ts';

describe('page words', () => {
  it('writes the plural form the number takes', () => {
    expect(messageIn('fr', 'err.too_few_selections', { min: 1 })).toBe('Sélectionnez au moins 1 réponse.');
    expect(messageIn('fr', 'err.too_few_selections', { min: 0 })).toBe('Sélectionnez au moins 0 réponse.');
    expect(messageIn('fr', 'err.too_few_selections', { min: 2 })).toBe('Sélectionnez au moins 2 réponses.');
    expect(messageIn('fr', 'err.too_many_selections', { max: 1 })).toBe('Sélectionnez au plus 1 réponse.');
    expect(messageIn('fr', 'err.too_many_selections', { max: 3 })).toBe('Sélectionnez au plus 3 réponses.');
    expect(messageIn('en', 'err.too_long', { max: 1 })).toBe('Use at most 1 character.');
    expect(messageIn('en', 'err.too_long', { max: 0 })).toBe('Use at most 0 characters.');
    expect(messageIn('es', 'err.too_long', { max: 1 })).toBe('Use como máximo 1 carácter.');
    expect(messageIn('es', 'err.too_long', { max: 20 })).toBe('Use como máximo 20 caracteres.');
  });

  it('writes numbers as the language does', () => {
    expect(messageIn('en', 'err.out_of_range', { min: -5, max: 10000 })).toBe('Enter a number from -5 to 10,000.');
    expect(messageIn('fr', 'err.out_of_range', { min: 0.25, max: 10000 })).toBe(
      'Saisissez un nombre entre 0,25 et 10\u202f000.',
    );
    expect(messageIn('es', 'err.out_of_range', { min: 1000, max: 12000 })).toBe('Escriba un número de 1000 a 12.000.');
    expect(messageIn('en', 'pageNumber', { page: 2 })).toBe('Page 2');
    expect(messageIn('ar', 'pageNumber', { page: 12 })).toBe('الصفحة 12');
  });

  it('uses the words of the base language, else English', () => {
    expect(messageIn('fr-CA', 'err.too_few_selections', { min: 2 })).toBe('Sélectionnez au moins 2 réponses.');
    expect(messageIn('de', 'err.too_long', { max: 1000 })).toBe('Use at most 1,000 characters.');
  });
});
