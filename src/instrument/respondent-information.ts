/**
 * What a study tells respondents before they agree to take part (the consent page): who is asking
 * (the sponsor and the organisation doing the fieldwork) and why, how answers are used and how long
 * they are kept, that taking part is voluntary and can stop at any time, whom to contact, and where
 * the full privacy notice is. Translated texts, checked by lint (respondent-checks.ts): every field
 * is needed, in every language of the study. Partial in the schema so that lint can name each field
 * a study lacks rather than refuse the whole object.
 */
import { z } from 'zod';
import { Text } from './text.ts';

export const RespondentInformation = z
  .object({
    /** Who commissions and pays for the study. */
    sponsor: Text,
    /** The organisation that runs the fieldwork (collects the answers). */
    fieldwork: Text,
    /** Why the study asks: what it wants to learn. */
    purpose: Text,
    /** How answers are used: analysed, published only as totals, shared with whom. */
    use: Text,
    /** How long answers (and any contact details) are kept, and what happens then. */
    retention: Text,
    /** That taking part is voluntary and the respondent may stop at any time. */
    voluntary: Text,
    /** An address respondents can write to with questions (e-mail). */
    contact: z.string().email(),
    /** The address of the full privacy notice. */
    privacyNotice: z.string().url(),
  })
  .partial()
  .strict();
export type RespondentInformation = z.output<typeof RespondentInformation>;

/** The fields of `RespondentInformation`, in the order the consent page shows them. */
export const respondentInformationFields = [
  'sponsor',
  'fieldwork',
  'purpose',
  'use',
  'retention',
  'voluntary',
  'contact',
  'privacyNotice',
] as const;

type AddressField = 'contact' | 'privacyNotice';
/** The translated fields: all but the two addresses, the same in every language. */
export const translatedInformationFields = respondentInformationFields.filter(
  (f): f is Exclude<(typeof respondentInformationFields)[number], AddressField> =>
    f !== 'contact' && f !== 'privacyNotice',
);
