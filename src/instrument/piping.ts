/**
 * Piping: earlier answers inserted into texts.
 *
 * A text may contain `{{CODE}}` or `{{CODE|fallback}}`. When rendered for a respondent, the
 * placeholder becomes the answer to question CODE in the respondent's language (the option
 * label for choice questions, the number for numeric, the text for open text, "yes"/"no" is not
 * offered: consent answers cannot be piped). With no substantive answer the fallback is used
 * (empty when absent). Every translation of a text must pipe the same codes. The piped
 * question must be on an earlier page (checked at definition time). Renderers must escape the
 * result like any other respondent-supplied text.
 */
import { isMissing, type AnswerValue } from './codes.ts';
import type { Question } from './questions.ts';
import { optionsOf } from './questions.ts';

export interface Pipe {
  readonly question: string;
  readonly fallback: string;
  /** The placeholder as written, e.g. `{{AGE|—}}`. */
  readonly raw: string;
}

const PLACEHOLDER = /\{\{\s*([A-Z][A-Z0-9_]*)\s*(?:\|([^}]*))?\}\}/g;

/** The placeholders of a text, or an error message when the text has a malformed `{{`. */
export function parsePipes(text: string): { pipes: Pipe[]; error?: string } {
  const pipes: Pipe[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const [raw, question, fallback] = m;
    if (question !== undefined) pipes.push({ question, fallback: fallback ?? '', raw });
  }
  const rest = text.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    return { pipes, error: `malformed placeholder in "${text}" (write {{CODE}} or {{CODE|fallback}})` };
  }
  return { pipes };
}

/** The answer to `question` as the respondent would read it in `lang`, or undefined. */
export function answerAsText(question: Question, value: AnswerValue | undefined, lang: string): string | undefined {
  if (value === undefined || isMissing(value)) return undefined;
  if (typeof value === 'number') return String(value);
  const labelOf = (code: string) => optionsOf(question).find((o) => o.code === code)?.label[lang] ?? code;
  if (typeof value === 'string') return question.kind === 'text' ? value : labelOf(value);
  if (Array.isArray(value)) return value.map(labelOf).join(', ');
  return undefined;
}

/** Replaces every placeholder with the piped answer (or its fallback). */
export function applyPiping(
  text: string,
  lang: string,
  lookup: (code: string) => { question: Question; value: AnswerValue | undefined } | undefined,
): string {
  return text.replace(PLACEHOLDER, (_raw, code: string, fallback: string | undefined) => {
    const found = lookup(code);
    return (found && answerAsText(found.question, found.value, lang)) ?? fallback ?? '';
  });
}
