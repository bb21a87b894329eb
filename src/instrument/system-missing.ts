/**
 * The labels of the two missing codes Barometer assigns itself (never offered to a respondent):
 * `not_asked` (the logic skipped the question) and `break_off` (the respondent left before it), in
 * the languages Barometer's own pages speak. An instrument labels its own offered codes (don't
 * know, refused) in `missingLabels`; these two are the platform's. Exports (SPSS, Stata) and the
 * codebooks (Markdown, HTML, DDI) read them from here.
 */
import type { Text } from './text.ts';

export type SystemMissingCode = 'not_asked' | 'break_off';

export const SYSTEM_MISSING_LABELS: Readonly<Record<SystemMissingCode, Text>> = {
  not_asked: { en: 'Not asked', fr: 'Non posée', es: 'No preguntada', ar: 'لم يُطرح' },
  break_off: { en: 'Break-off', fr: 'Abandon', es: 'Abandono', ar: 'انقطاع' },
};

export function isSystemMissingCode(code: string): code is SystemMissingCode {
  return code === 'not_asked' || code === 'break_off';
}
