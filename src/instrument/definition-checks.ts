/**
 * Definition-time checks of an instrument, beyond its zod shape:
 * translations, duplicate and reserved codes, ranges, logic and piping references
 * (unknown question, unknown option, operator not applicable to the question kind,
 * forward references, cycles). Every issue names the place.
 *
 * Ordering rule: a condition or a pipe may only use answers from questions on an EARLIER page
 * (block) in every order a respondent may see — so a server-rendered page without JavaScript
 * knows, when it is rendered, which of its questions and options to show.
 */
import { MISSING_CODES } from './codes.ts';
import { conditionReferences, type Condition } from './condition.ts';
import type { DefinitionIssue } from './errors.ts';
import { checkExperiments } from './experiments.ts';
import type { Instrument } from './instrument.ts';
import { parsePipes } from './piping.ts';
import { offeredMissing, optionsOf, type Question } from './questions.ts';
import type { Text } from './text.ts';

interface Place {
  readonly question: Question;
  readonly blockIndex: number;
  readonly questionIndex: number;
  readonly path: string;
}

/** A reference from a question (or block) to another question's answer. */
interface Reference {
  readonly from: string; // graph node: question code or `block:ID`
  readonly fromQuestion?: string;
  readonly blockIndex: number;
  readonly target: string;
  readonly path: string;
  readonly via: 'logic' | 'piping';
  readonly condition?: Condition;
  readonly lang?: string;
}

/** Every text of a question with its path suffix. */
function questionTexts(q: Question): [string, Text][] {
  const out: [string, Text][] = [['text', q.text]];
  if (q.help) out.push(['help', q.help]);
  if (q.kind === 'numeric' && q.unit) out.push(['unit', q.unit]);
  if (q.kind === 'grid') q.items.forEach((it) => out.push([`items[${it.code}].label`, it.label]));
  optionsOf(q).forEach((o) =>
    out.push([`${q.kind === 'grid' ? 'scale' : q.kind === 'scale' ? 'points' : 'options'}[${o.code}].label`, o.label]),
  );
  return out;
}

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

  // References (logic and piping)
  const refs: Reference[] = [];
  instrument.blocks.forEach((block, blockIndex) => {
    const bpath = `${root}.blocks[${block.id}]`;
    if (block.showIf) {
      for (const r of conditionReferences(block.showIf))
        refs.push({
          from: `block:${block.id}`,
          blockIndex,
          target: r.question,
          path: `${bpath}.${r.path}`,
          via: 'logic',
          condition: r.condition,
        });
    }
    for (const q of block.questions) {
      const qpath = `${bpath}.questions[${q.code}]`;
      const from = q.code;
      if (q.showIf) {
        for (const r of conditionReferences(q.showIf))
          refs.push({
            from,
            fromQuestion: q.code,
            blockIndex,
            target: r.question,
            path: `${qpath}.${r.path}`,
            via: 'logic',
            condition: r.condition,
          });
      }
      for (const o of optionsOf(q)) {
        if ('showIf' in o && o.showIf) {
          for (const r of conditionReferences(o.showIf, `options[${o.code}].showIf`))
            refs.push({
              from,
              fromQuestion: q.code,
              blockIndex,
              target: r.question,
              path: `${qpath}.${r.path}`,
              via: 'logic',
              condition: r.condition,
            });
        }
      }
      for (const [suffix, text] of questionTexts(q)) {
        const codesPerLang = new Map<string, string>();
        for (const [lang, wording] of Object.entries(text)) {
          const { pipes, error } = parsePipes(wording);
          if (error)
            issues.push({
              code: 'invalid_piping',
              path: `${qpath}.${suffix}.${lang}`,
              question: q.code,
              lang,
              message: error,
            });
          codesPerLang.set(lang, [...new Set(pipes.map((p) => p.question))].sort().join(','));
          for (const p of pipes)
            refs.push({
              from,
              fromQuestion: q.code,
              blockIndex,
              target: p.question,
              path: `${qpath}.${suffix}.${lang}`,
              via: 'piping',
              lang,
            });
        }
        const variants = new Set(codesPerLang.values());
        if (variants.size > 1) {
          issues.push({
            code: 'invalid_piping',
            path: `${qpath}.${suffix}`,
            question: q.code,
            message: `translations pipe different answers: ${[...codesPerLang].map(([l, c]) => `${l}: {${c}}`).join(', ')}`,
          });
        }
      }
    }
  });

  // Unknown targets and applicability
  const known: Reference[] = [];
  for (const ref of refs) {
    const target = places.get(ref.target);
    if (!target) {
      issues.push({
        code: 'unknown_question',
        path: ref.path,
        question: ref.fromQuestion,
        lang: ref.lang,
        message: `${ref.via === 'logic' ? 'condition' : 'piping'} refers to unknown question ${ref.target}`,
      });
      continue;
    }
    known.push(ref);
    if (ref.via === 'piping') {
      if (['info', 'grid', 'consent'].includes(target.question.kind)) {
        issues.push({
          code: 'invalid_piping',
          path: ref.path,
          question: ref.fromQuestion,
          lang: ref.lang,
          message: `cannot pipe the answer of ${target.question.kind} question ${ref.target}`,
        });
      }
    } else if (ref.condition) {
      issues.push(...checkApplicable(ref.condition, target.question, ref.path, ref.fromQuestion));
    }
  }

  // Cycles, then forward references for the edges outside a cycle
  const nodeOf = (code: string) => code;
  const edges = new Map<string, Set<string>>();
  const addEdge = (a: string, b: string) => edges.set(a, (edges.get(a) ?? new Set()).add(b));
  for (const block of instrument.blocks) for (const q of block.questions) addEdge(q.code, `block:${block.id}`);
  for (const ref of known) addEdge(ref.from, nodeOf(ref.target));
  const cycles = findCycles(edges);
  const inCycle = new Set<string>();
  for (const cycle of cycles) {
    for (let i = 0; i + 1 < cycle.length; i += 1) inCycle.add(`${cycle[i]}→${cycle[i + 1]}`);
    const first = cycle.find((n) => !n.startsWith('block:')) ?? cycle[0] ?? '?';
    const ref = known.find((r) => cycle.includes(r.from) && cycle.includes(r.target));
    issues.push({
      code: 'cycle',
      path: ref?.path ?? root,
      question: first,
      message: `circular logic: ${cycle.join(' → ')}`,
    });
  }

  const positions = blockPositions(instrument);
  for (const ref of known) {
    if (inCycle.has(`${ref.from}→${ref.target}`)) continue;
    const target = places.get(ref.target);
    if (!target) continue;
    const source = positions[ref.blockIndex];
    const dest = positions[target.blockIndex];
    if (!source || !dest) continue;
    const what = ref.via === 'logic' ? 'condition uses' : 'piping uses';
    if (target.blockIndex === ref.blockIndex) {
      issues.push({
        code: 'forward_reference',
        path: ref.path,
        question: ref.fromQuestion,
        lang: ref.lang,
        message: `${what} ${ref.target}, which is on the same page; only answers from earlier pages can be used`,
      });
    } else if (target.blockIndex > ref.blockIndex) {
      issues.push({
        code: 'forward_reference',
        path: ref.path,
        question: ref.fromQuestion,
        lang: ref.lang,
        message: `${what} ${ref.target}, which comes later (block ${instrument.blocks[target.blockIndex]?.id})`,
      });
    } else if (dest.max >= source.min) {
      issues.push({
        code: 'forward_reference',
        path: ref.path,
        question: ref.fromQuestion,
        lang: ref.lang,
        message: `${what} ${ref.target}, whose block may be shown later because blocks are randomised (anchor one of them)`,
      });
    }
  }
  return issues;
}

function checkQuestionShape(q: Question, path: string): DefinitionIssue[] {
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

function checkApplicable(
  c: Condition,
  target: Question,
  path: string,
  question: string | undefined,
): DefinitionIssue[] {
  const out: DefinitionIssue[] = [];
  const notApplicable = () =>
    out.push({
      code: 'operator_not_applicable',
      path,
      question,
      message: `"${c.op}" cannot be used with ${target.kind} question ${target.code}`,
    });
  const codes = new Set(optionsOf(target).map((o) => o.code));
  const checkOption = (v: string | number | boolean) => {
    if (typeof v !== 'string' || !codes.has(v))
      out.push({
        code: 'unknown_option',
        path,
        question,
        message: `${target.code} has no option ${JSON.stringify(v)} (options: ${[...codes].join(', ')})`,
      });
  };
  if (target.kind === 'info') {
    notApplicable();
    return out;
  }
  switch (c.op) {
    case 'equals':
      if (target.kind === 'single' || target.kind === 'scale') checkOption(c.value);
      else if (target.kind === 'numeric' && typeof c.value !== 'number') notApplicable();
      else if (target.kind === 'text' && typeof c.value !== 'string') notApplicable();
      else if (target.kind === 'consent' && typeof c.value !== 'boolean') notApplicable();
      else if (target.kind === 'multiple' || target.kind === 'grid' || target.kind === 'ranking') notApplicable();
      break;
    case 'in':
      if (target.kind === 'single' || target.kind === 'scale' || target.kind === 'multiple')
        c.values.forEach(checkOption);
      else if (target.kind === 'numeric') {
        if (c.values.some((v) => typeof v !== 'number')) notApplicable();
      } else notApplicable();
      break;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (target.kind !== 'numeric' && target.kind !== 'scale') notApplicable();
      break;
    case 'missing':
      for (const m of c.codes ?? []) {
        if (!offeredMissing(target).includes(m))
          out.push({ code: 'unknown_option', path, question, message: `${target.code} does not offer ${m}` });
      }
      break;
    case 'answered':
    case 'all':
    case 'any':
    case 'not':
      break;
  }
  return out;
}

/** Earliest and latest position each block may take given block randomisation. */
function blockPositions(instrument: Instrument): { min: number; max: number }[] {
  const free = instrument.blocks.flatMap((b, i) => (b.anchor ? [] : [i]));
  return instrument.blocks.map((b, i) =>
    !instrument.randomizeBlocks || b.anchor ? { min: i, max: i } : { min: Math.min(...free), max: Math.max(...free) },
  );
}

/** Simple cycles found by depth-first search, each as a node list closing on its first node. */
function findCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (node: string) => {
    state.set(node, 'active');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const s = state.get(next);
      if (s === 'active') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...new Set(cycle)].sort().join('|');
        if (!seen.has(key)) cycles.push(cycle);
        seen.add(key);
      } else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return cycles;
}
