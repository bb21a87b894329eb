/**
 * The one shape of the translated words of the pages (src/web) and the dashboards: a catalogue
 * maps each key to its message in every language (`Translations`), and a message is text with
 * `{name}` slots, or one text per plural category of the language (CLDR, as `Intl.PluralRules`
 * selects it). `fillMessage` chooses the form and fills the slots, numbers written by
 * `Intl.NumberFormat` for the language. Imports nothing: any surface may use it.
 */

/**
 * A message whose words depend on a number: one form per plural category of the language,
 * `other` for any category not written; `plural` names the value that chooses.
 */
export interface PluralMessage {
  readonly plural: string;
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

export type Message = string | PluralMessage;

/** One message in each language of `L`: a catalogue is a record of these, by key. */
export type Translations<L extends string> = Readonly<Record<L, Message>>;

/** The values of a message's slots: text as it is, numbers written for the language. */
export type MessageValues = Readonly<Record<string, string | number>>;

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

/** A number as `lang` writes it (`Intl.NumberFormat`: grouping, decimal sign and digits; no rounding). */
export function formatNumber(lang: string, n: number): string {
  let format = numberFormats.get(lang);
  if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(lang, { maximumFractionDigits: 20 })));
  return format.format(n);
}

/** The plural category of `n` in `lang` (`Intl.PluralRules`). */
export function pluralCategory(lang: string, n: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(n);
}

/** The form of `message` for `values` in `lang`: its plural category for a number, else `other`. */
function formOf(lang: string, message: Message, values: MessageValues): string {
  if (typeof message === 'string') return message;
  const n = values[message.plural];
  if (typeof n !== 'number') return message.other;
  return message[pluralCategory(lang, n)] ?? message.other;
}

/** `message` in `lang` with its `{name}` slots filled (a slot without a value stays as written). */
export function fillMessage(lang: string, message: Message, values: MessageValues = {}): string {
  return formOf(lang, message, values).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(lang, value) : value;
  });
}
