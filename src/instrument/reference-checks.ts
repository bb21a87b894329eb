/**
 * Checks of the references between questions — logic conditions and piping: unknown question,
 * unknown option, operator not applicable to the question kind, cycles and forward references.
 *
 * Ordering rule: a condition or a pipe may only use answers from questions on an EARLIER page
 * (block) in every order a respondent may see — so a server-rendered page without JavaScript
 * knows, when it is rendered, which of its questions and options to show.
 */
import { conditionReferences, type Condition } from './condition.ts';
import type { DefinitionIssue } from './errors.ts';
import type { Instrument } from './instrument.ts';
import { parsePipes } from './piping.ts';
import { questionTexts, type Place } from './question-checks.ts';
import { offeredMissing, optionsOf, type Question } from './questions.ts';

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

/** Every logic and piping reference of an instrument, checked against the questions it names (`places`). */
export function checkReferences(
  instrument: Instrument,
  root: string,
  places: ReadonlyMap<string, Place>,
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const refs = instrumentReferences(instrument, root, issues);
  const known = knownReferences(refs, places, issues);
  const inCycle = checkCycles(instrument, known, root, issues);
  checkOrder(instrument, known, places, inCycle, issues);
  return issues;
}

/** The references of the blocks' and questions' conditions and of the questions' pipes (with the pipes' own problems in `issues`). */
function instrumentReferences(instrument: Instrument, root: string, issues: DefinitionIssue[]): Reference[] {
  const refs: Reference[] = [];
  instrument.blocks.forEach((block, blockIndex) => {
    const bpath = `${root}.blocks[${block.id}]`;
    if (block.showIf)
      refs.push(...logicReferences(block.showIf, { from: `block:${block.id}`, blockIndex, path: bpath }));
    for (const q of block.questions) {
      const qpath = `${bpath}.questions[${q.code}]`;
      const at = { from: q.code, fromQuestion: q.code, blockIndex, path: qpath };
      if (q.showIf) refs.push(...logicReferences(q.showIf, at));
      for (const o of optionsOf(q)) {
        if ('showIf' in o && o.showIf) refs.push(...logicReferences(o.showIf, at, `options[${o.code}].showIf`));
      }
      pipingReferences(q, qpath, blockIndex, refs, issues);
    }
  });
  return refs;
}

/** The questions a condition reads, as logic references of `at` (a block, or a question: `fromQuestion`). */
function logicReferences(
  condition: Condition,
  at: Pick<Reference, 'from' | 'fromQuestion' | 'blockIndex' | 'path'>,
  conditionPath?: string,
): Reference[] {
  return conditionReferences(condition, conditionPath).map((r) => ({
    from: at.from,
    ...(at.fromQuestion === undefined ? {} : { fromQuestion: at.fromQuestion }),
    blockIndex: at.blockIndex,
    target: r.question,
    path: `${at.path}.${r.path}`,
    via: 'logic',
    condition: r.condition,
  }));
}

/** The pipes of a question's texts, in every language; a pipe that does not parse, or translations piping different answers, are issues. */
function pipingReferences(
  q: Question,
  qpath: string,
  blockIndex: number,
  refs: Reference[],
  issues: DefinitionIssue[],
): void {
  const from = q.code;
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

/** The references whose target exists; an unknown target, a pipe of an answer that cannot be piped and a condition that does not apply are issues. */
function knownReferences(
  refs: readonly Reference[],
  places: ReadonlyMap<string, Place>,
  issues: DefinitionIssue[],
): Reference[] {
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
  return known;
}

/** Circular logic (an issue per cycle); returns the edges `from→to` that lie on a cycle. */
function checkCycles(
  instrument: Instrument,
  known: readonly Reference[],
  root: string,
  issues: DefinitionIssue[],
): Set<string> {
  const edges = new Map<string, Set<string>>();
  const addEdge = (a: string, b: string) => edges.set(a, (edges.get(a) ?? new Set()).add(b));
  for (const block of instrument.blocks) for (const q of block.questions) addEdge(q.code, `block:${block.id}`);
  for (const ref of known) addEdge(ref.from, ref.target);
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
  return inCycle;
}

/** Forward references: a reference outside a cycle must use an answer from a page always shown earlier. */
function checkOrder(
  instrument: Instrument,
  known: readonly Reference[],
  places: ReadonlyMap<string, Place>,
  inCycle: ReadonlySet<string>,
  issues: DefinitionIssue[],
): void {
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
