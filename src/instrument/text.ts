/**
 * Languages and translated texts.
 *
 * Every text a respondent or analyst reads is a `Text`: one entry per language of the
 * instrument, keyed by language code (`{ en: '…', fr: '…', ar: '…' }`). Completeness (one
 * non-empty entry per declared language, no undeclared language) is checked at definition
 * time by `checkTranslations` (see `definition-checks.ts`), not by the schema, because the
 * schema of a text does not know the instrument's languages.
 */
import { z } from 'zod';

/** A BCP-47-like language tag: `en`, `fr`, `ar`, `pt-BR`. */
export const LanguageCode = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'language code like "en" or "pt-BR"');
export type LanguageCode = z.output<typeof LanguageCode>;

/**
 * A language tag as a respondent or a browser may ask for one (`fr`, `pt-br`, `zh-Hant`): what
 * requests accept before it is matched to one of the instrument's languages.
 */
export const askedLanguagePattern = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

/** The writing direction of a language: `rtl` for Arabic, Hebrew, Persian… */
export const TextDirection = z.enum(['ltr', 'rtl']);
export type TextDirection = z.output<typeof TextDirection>;

/** A language an instrument is fielded in, with its writing direction (Arabic is `rtl`). */
export const Language = z.object({
  code: LanguageCode,
  /** The language's name in that language (endonym), e.g. `Français`, `العربية`. */
  name: z.string().min(1),
  dir: TextDirection,
});
export type Language = z.output<typeof Language>;

/** A translated text: language code → wording. */
export const Text = z.record(LanguageCode, z.string());
export type Text = z.output<typeof Text>;

/**
 * `record[key]` when `record` has `key` as its own property, else undefined: a lookup keyed by
 * a caller's string (`?lang=__proto__`, `constructor`) never reaches the prototype's members.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The wording of `text` in `lang`; throws when absent (definitions are checked, so this is a bug). */
export function textIn(text: Text, lang: string): string {
  const value = ownEntry(text, lang);
  if (value === undefined) throw new Error(`no "${lang}" translation in ${JSON.stringify(text)}`);
  return value;
}

/** The same wording in every language — for proper nouns such as place names. */
export function sameInAll(languages: readonly string[], wording: string): Text {
  return Object.fromEntries(languages.map((lang) => [lang, wording]));
}
