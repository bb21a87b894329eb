/**
 * Definition-time checks of an instrument, beyond its zod shape:
 * translations, duplicate and reserved codes, ranges, logic and piping references
 * (reference-checks.ts), question shapes (question-checks.ts). Every issue names the place.
 */
import type { DefinitionIssue } from './errors.ts';
import { checkExperiments } from './experiments.ts';
import type { Instrument } from './instrument.ts';
import { checkQuestionShape, questionTexts, type Place } from './question-checks.ts';
import { offeredMissing } from './questions.ts';
import { checkReferences } from './reference-checks.ts';
import type { Text } from './text.ts';

export function checkInstrument(instrument: Instrument): DefinitionIssue[] {
  const root = `instrument(${instrument.id}@${instrument.version})`;
  const issues: DefinitionIssue[] = [];
  const langs = instrument.languages.map((l) => l.code);

  // Languages
  const seenLang = new Set<string>();
  for (const l of langs) {
    if (seenLang.has(l))
      issues.push({
        code: 'duplicate_id',
        path: `${root}.languages`,
        lang: l,
        message: `language "${l}" is declared twice`,
      });
    seenLang.add(l);
  }

  const checkText = (text: Text, path: string, question?: string) => {
    for (const lang of langs) {
      const value = text[lang];
      if (value === undefined || value.trim() === '') {
        issues.push({
          code: 'missing_translation',
          path: `${path}.${lang}`,
          question,
          lang,
          message: `${value === undefined ? 'missing' : 'empty'} "${lang}" translation of ${path.slice(root.length + 1)}`,
        });
      }
    }
    for (const lang of Object.keys(text)) {
      if (!seenLang.has(lang))
        issues.push({
          code: 'unknown_language',
          path: `${path}.${lang}`,
          question,
          lang,
          message: `translation in "${lang}", which is not a language of the instrument (${langs.join(', ')})`,
        });
    }
  };
  checkText(instrument.title, `${root}.title`);
  if (instrument.description) checkText(instrument.description, `${root}.description`);

  // Blocks and question codes
  const places = new Map<string, Place>();
  const blockIds = new Set<string>();
  const columns = new Map<string, string>();
  instrument.blocks.forEach((block, blockIndex) => {
    const bpath = `${root}.blocks[${block.id}]`;
    if (blockIds.has(block.id))
      issues.push({ code: 'duplicate_id', path: bpath, message: `block id "${block.id}" is used twice` });
    blockIds.add(block.id);
    if (block.title) checkText(block.title, `${bpath}.title`);
    block.questions.forEach((question, questionIndex) => {
      const path = `${bpath}.questions[${question.code}]`;
      const earlier = places.get(question.code);
      if (earlier) {
        issues.push({
          code: 'duplicate_code',
          path,
          question: question.code,
          message: `question code ${question.code} is used twice (first at ${earlier.path.slice(root.length + 1)})`,
        });
      } else {
        places.set(question.code, { question, blockIndex, questionIndex, path });
      }
      const cols =
        question.kind === 'grid' ? question.items.map((it) => `${question.code}_${it.code}`) : [question.code];
      for (const col of cols) {
        const owner = columns.get(col);
        if (owner !== undefined && owner !== question.code)
          issues.push({
            code: 'duplicate_code',
            path,
            question: question.code,
            message: `export column ${col} of ${question.code} clashes with ${owner}`,
          });
        columns.set(col, question.code);
      }
      for (const [suffix, text] of questionTexts(question)) checkText(text, `${path}.${suffix}`, question.code);
      issues.push(...checkQuestionShape(question, path));
    });
  });

  // Missing-code labels
  for (const code of ['dont_know', 'refused'] as const) {
    const offeredBy = [...places.values()].find((p) => offeredMissing(p.question).includes(code));
    const label = instrument.missingLabels[code];
    if (label) checkText(label, `${root}.missingLabels.${code}`);
    else if (offeredBy)
      issues.push({
        code: 'missing_translation',
        path: `${root}.missingLabels.${code}`,
        question: offeredBy.question.code,
        message: `${offeredBy.question.code} offers ${code} but the instrument has no missingLabels.${code}`,
      });
  }

  issues.push(...checkExperiments(instrument, root, checkText));

  issues.push(...checkReferences(instrument, root, places));
  return issues;
}
