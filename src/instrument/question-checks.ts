/** Checks of one question on its own (codes, ranges, selection limits), and the texts a question carries. */
import { MISSING_CODES } from './codes.ts';
import type { DefinitionIssue } from './errors.ts';
import { optionsOf, type Question } from './questions.ts';
import type { Text } from './text.ts';

/** Where a question stands in its instrument. */
export interface Place {
  readonly question: Question;
  readonly blockIndex: number;
  readonly questionIndex: number;
  readonly path: string;
}

/** Every text of a question with its path suffix. */
export function questionTexts(q: Question): [string, Text][] {
  const out: [string, Text][] = [['text', q.text]];
  if (q.help) out.push(['help', q.help]);
  if (q.interviewerInstruction) out.push(['interviewerInstruction', q.interviewerInstruction]);
  if (q.kind === 'numeric' && q.unit) out.push(['unit', q.unit]);
  if (q.kind === 'grid') q.items.forEach((it) => out.push([`items[${it.code}].label`, it.label]));
  optionsOf(q).forEach((o) =>
    out.push([`${q.kind === 'grid' ? 'scale' : q.kind === 'scale' ? 'points' : 'options'}[${o.code}].label`, o.label]),
  );
  return out;
}

/** Duplicate option codes, ranges and selection limits of one question. */
export function checkQuestionShape(q: Question, path: string): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const issue = (code: DefinitionIssue['code'], where: string, message: string) =>
    issues.push({ code, path: `${path}${where}`, question: q.code, message });
  const options = optionsOf(q);
  const seen = new Set<string>();
  for (const o of options) {
    if (seen.has(o.code))
      issue('duplicate_option_code', `.options[${o.code}]`, `option code "${o.code}" is used twice in ${q.code}`);
    seen.add(o.code);
    if (MISSING_CODES.some((m) => m === o.code))
      issue(
        'reserved_option_code',
        `.options[${o.code}]`,
        `"${o.code}" is a missing-data code; offer it with missing: ['${o.code}'] instead`,
      );
    if ('exclusive' in o && o.exclusive && q.kind !== 'multiple')
      issue('invalid_range', `.options[${o.code}].exclusive`, `exclusive options only make sense in multiple choice`);
    if ('showIf' in o && o.showIf && q.kind !== 'single' && q.kind !== 'multiple')
      issue(
        'operator_not_applicable',
        `.options[${o.code}].showIf`,
        `option conditions are supported for single and multiple choice only`,
      );
  }
  if (q.kind === 'grid') {
    const items = new Set<string>();
    for (const it of q.items) {
      if (items.has(it.code))
        issue('duplicate_option_code', `.items[${it.code}]`, `item code "${it.code}" is used twice in ${q.code}`);
      items.add(it.code);
    }
  }
  if (q.kind === 'numeric') {
    if (q.min !== undefined && q.max !== undefined && q.min > q.max)
      issue('invalid_range', '.min', `min ${q.min} is greater than max ${q.max}`);
  }
  if (q.kind === 'multiple') {
    const max = q.maxSelections ?? q.options.length;
    if (max > q.options.length)
      issue('invalid_range', '.maxSelections', `maxSelections ${max} exceeds the ${q.options.length} options`);
    if (q.minSelections > max)
      issue('invalid_range', '.minSelections', `minSelections ${q.minSelections} exceeds maxSelections ${max}`);
  }
  if (q.kind === 'ranking') {
    const max = q.maxRanked ?? q.options.length;
    const min = q.minRanked ?? max;
    if (max > q.options.length)
      issue('invalid_range', '.maxRanked', `maxRanked ${max} exceeds the ${q.options.length} options`);
    if (min > max) issue('invalid_range', '.minRanked', `minRanked ${min} exceeds maxRanked ${max}`);
  }
  return issues;
}
