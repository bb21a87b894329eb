/**
 * XLSForm language names → BCP-47 tags. A form names a language in a column header
 * (`label::English (en)`, `label::French`, `label::Arabic (ar)`, `LABEL::EN`). A `(xx)` suffix
 * wins; else a known English name or a bare tag; else the language is unknown and the import says
 * how to name it.
 */
import { LanguageCode, type Language } from '../instrument/index.ts';

const NAMES: Readonly<Record<string, string>> = {
  english: 'en',
  french: 'fr',
  français: 'fr',
  francais: 'fr',
  spanish: 'es',
  español: 'es',
  espanol: 'es',
  arabic: 'ar',
  العربية: 'ar',
  portuguese: 'pt',
  português: 'pt',
  german: 'de',
  deutsch: 'de',
  italian: 'it',
  dutch: 'nl',
  russian: 'ru',
  chinese: 'zh',
  japanese: 'ja',
  korean: 'ko',
  hindi: 'hi',
  bengali: 'bn',
  bangla: 'bn',
  urdu: 'ur',
  persian: 'fa',
  farsi: 'fa',
  dari: 'prs',
  pashto: 'ps',
  turkish: 'tr',
  swahili: 'sw',
  kiswahili: 'sw',
  amharic: 'am',
  somali: 'so',
  hausa: 'ha',
  yoruba: 'yo',
  igbo: 'ig',
  tigrinya: 'ti',
  kinyarwanda: 'rw',
  indonesian: 'id',
  malay: 'ms',
  thai: 'th',
  vietnamese: 'vi',
  burmese: 'my',
  nepali: 'ne',
  sinhala: 'si',
  tamil: 'ta',
  ukrainian: 'uk',
  polish: 'pl',
  romanian: 'ro',
  greek: 'el',
  hebrew: 'he',
  kurdish: 'ku',
  tagalog: 'tl',
  filipino: 'fil',
  haitian: 'ht',
  'haitian creole': 'ht',
  lingala: 'ln',
  wolof: 'wo',
  fula: 'ff',
  bambara: 'bm',
  shona: 'sn',
  zulu: 'zu',
  xhosa: 'xh',
  afrikaans: 'af',
  malagasy: 'mg',
  chichewa: 'ny',
  tigre: 'tig',
  oromo: 'om',
};

const RTL = new Set(['ar', 'he', 'fa', 'prs', 'ps', 'ur', 'ku', 'yi', 'dv', 'sd', 'ug']);

/** `pt-br` → `pt-BR`; `EN` → `en`. */
function normaliseTag(tag: string): string {
  const [language = '', region] = tag.trim().split(/[-_]/);
  return region ? `${language.toLowerCase()}-${region.toUpperCase()}` : language.toLowerCase();
}

/** The language a header names, with its tag and direction; or a reason it is not understood. */
export function languageOf(header: string): Language | { readonly unknown: string } {
  const text = header.trim();
  const suffix = /^(.*?)\s*\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)\)\s*$/.exec(text);
  const name = (suffix ? suffix[1] : text)?.trim() ?? '';
  const candidate = suffix?.[2]
    ? normaliseTag(suffix[2])
    : (NAMES[name.toLowerCase()] ?? (/^[A-Za-z]{2,3}([-_][A-Za-z]{2})?$/.test(name) ? normaliseTag(name) : undefined));
  if (candidate === undefined || !LanguageCode.safeParse(candidate).success)
    return {
      unknown: `unknown language "${text}"; name it with its BCP-47 tag in parentheses, e.g. "${name || 'Name'} (xx)"`,
    };
  const base = candidate.split('-')[0] ?? candidate;
  const known = !suffix && NAMES[name.toLowerCase()] !== undefined;
  const shown = known ? name.charAt(0).toUpperCase() + name.slice(1) : name || candidate;
  return { code: candidate, name: shown, dir: RTL.has(base) ? 'rtl' : 'ltr' };
}

/** The header an export writes for a language: `Français (fr)`. */
export function languageHeader(language: Pick<Language, 'code' | 'name'>): string {
  return `${language.name} (${language.code})`;
}
