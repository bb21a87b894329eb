/**
 * An instrument → the sheets of an XLSForm ODK Collect and KoboToolbox accept: languages as
 * `label::Name (tag)` columns, blocks as groups, logic as `relevant`, ranges and lengths as
 * `constraint`s, don't know / refused as choices, question codes as names, and in `settings` the
 * version and form id; its fingerprint is a hidden `calculate` field, `instrument_fingerprint`.
 *
 * What XLSForm cannot say is never dropped: what Barometer needs to read the form back into the
 * same instrument (same fingerprint) is carried in a `barometer` column (JSON) and sheet, which
 * ODK ignores, and each such feature is listed in `notes` (ODK fields it differently); what
 * cannot be fielded at all (message experiments) is listed in `refused` and no form is made.
 */
import {
  instrumentFingerprint,
  parsePipes,
  type Block,
  type Condition,
  type Instrument,
  type Question,
  type Text,
} from '../instrument/index.ts';
import { ExpressionError, parseExpression } from './expression.ts';
import { languageHeader } from './languages.ts';
import { toCondition, type QuestionLookup } from './to-condition.ts';
import { conditionToXPath } from './xpath.ts';
import { choiceFilter, filterValues, optionsOf, type Cell, type Row } from './export-options.ts';

export type { Cell };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export class Exporter {
  readonly survey: Row[] = [];
  readonly choices: Row[] = [];
  readonly notes: string[] = [];
  readonly refused: string[] = [];
  readonly kinds = new Map<string, Question>();

  constructor(readonly instrument: Instrument) {}

  private get headers(): string[] {
    return this.instrument.languages.map(languageHeader);
  }

  /** `label::Name (tag)` cells of a text; XLSForm piping for `{{CODE}}`. */
  private texts(column: string, text: Text | undefined, pipes = false): Row {
    const row: Row = {};
    if (!text) return row;
    this.instrument.languages.forEach((l, i) => {
      const wording = text[l.code] ?? '';
      row[`${column}::${this.headers[i]}`] = pipes
        ? wording.replace(/\{\{([A-Z][A-Z0-9_]*)(\|[^}]*)?\}\}/g, '$${$1}')
        : wording;
    });
    return row;
  }

  /** Whether a text with pipes reads back the same (a pipe's fallback has no XLSForm form). */
  private pipesExact(text: Text | undefined): boolean {
    return !text || Object.values(text).every((t) => parsePipes(t).pipes.every((p) => p.raw === `{{${p.question}}}`));
  }

  private readonly lookup: QuestionLookup = (name) => {
    const q = this.kinds.get(name);
    if (!q) throw new ExpressionError(`no question ${name}`, 0);
    const codes = new Set<string>(optionsOf(q).map((o) => o.code));
    return { code: q.code, kind: q.kind, optionCode: (c) => (codes.has(c) ? c : undefined) };
  };

  /** The `relevant` that imports back as `condition`, or undefined. */
  private relevant(condition: Condition | undefined): string | undefined {
    if (!condition) return undefined;
    const text = conditionToXPath(condition, (code) => this.kinds.get(code)?.kind);
    if (text === undefined) return undefined;
    try {
      return same(toCondition(parseExpression(text), this.lookup), condition) ? text : undefined;
    } catch (err) {
      if (err instanceof ExpressionError) return undefined;
      throw err;
    }
  }

  run(): void {
    this.survey.push({
      type: 'calculate',
      name: 'instrument_fingerprint',
      calculation: `'${instrumentFingerprint(this.instrument)}'`,
    });
    for (const block of this.instrument.blocks) this.block(block);
    const i = this.instrument;
    if (i.randomizeBlocks)
      this.notes.push('randomizeBlocks: ODK shows the groups in definition order (kept in the barometer sheet)');
  }

  private block(block: Block): void {
    const where = `block ${block.id}`;
    if (block.experiment) {
      this.refused.push(
        `${where}: message experiment ${block.experiment.code} (each respondent sees one arm's questions) cannot be expressed in XLSForm`,
      );
      return;
    }
    const extras: Record<string, unknown> = {};
    const relevant = this.relevant(block.showIf);
    if (block.showIf && relevant === undefined) {
      extras.showIf = block.showIf;
      this.notes.push(
        `${where}: its condition has no XLSForm form; ODK shows the group always (kept in the barometer column)`,
      );
    }
    if (block.anchor) extras.anchor = true;
    if (block.randomizeQuestions) {
      extras.randomizeQuestions = true;
      this.notes.push(
        `${where}: randomizeQuestions: ODK shows the questions in definition order (kept in the barometer column)`,
      );
    }
    this.survey.push({
      type: 'begin group',
      name: block.id,
      ...this.texts('label', block.title),
      ...(relevant ? { relevant } : {}),
      ...(Object.keys(extras).length > 0 ? { barometer: JSON.stringify(extras) } : {}),
    });
    for (const question of block.questions) this.question(question);
    this.survey.push({ type: 'end group', name: block.id });
  }

  private question(q: Question): void {
    const where = `question ${q.code}`;
    const extras: Record<string, unknown> = {};
    const row: Row = {
      name: q.code,
      ...this.texts('label', q.text, true),
      ...this.texts('hint', q.help, true),
      // What the interviewer is told: ODK Collect shows guidance hints to enumerators.
      ...this.texts('guidance_hint', q.interviewerInstruction),
    };
    if (!this.pipesExact(q.text) || !this.pipesExact(q.help)) {
      extras.text = q.text;
      if (q.help) extras.help = q.help;
      this.notes.push(`${where}: a pipe's fallback ({{CODE|…}}) has no XLSForm form (kept in the barometer column)`);
    }
    const relevant = this.relevant(q.showIf);
    if (relevant) row.relevant = relevant;
    else if (q.showIf) {
      extras.showIf = q.showIf;
      this.notes.push(`${where}: its condition has no XLSForm form; ODK asks it always (kept in the barometer column)`);
    }
    if (q.kind !== 'info') row.required = q.required ? 'yes' : 'no';
    const missing = q.kind === 'info' || q.kind === 'consent' ? [] : q.missing;
    switch (q.kind) {
      case 'grid':
        return this.gridQuestion(q, row, extras, where);
      case 'info':
        row.type = 'note';
        break;
      case 'consent':
        row.type = 'acknowledge';
        break;
      case 'numeric': {
        row.type = q.integer ? 'integer' : 'decimal';
        const bounds = [
          ...(q.min !== undefined ? [`. >= ${q.min}`] : []),
          ...(q.max !== undefined ? [`. <= ${q.max}`] : []),
        ];
        if (bounds.length > 0) row.constraint = bounds.join(' and ');
        if (q.unit) extras.unit = q.unit;
        break;
      }
      case 'text':
        row.type = 'text';
        row.constraint = `string-length(.) <= ${q.maxLength}`;
        if (q.multiline) row.appearance = 'multiline';
        break;
      case 'single':
      case 'multiple':
      case 'ranking':
      case 'scale': {
        const list = q.code.toLowerCase();
        const type = q.kind === 'multiple' ? 'select_multiple' : q.kind === 'ranking' ? 'rank' : 'select_one';
        row.type = `${type} ${list}`;
        if (q.kind === 'scale') extras.kind = 'scale';
        if (q.kind !== 'scale' && q.randomize) row.parameters = 'randomize=true';
        if (q.kind === 'multiple') {
          const counts = [
            ...(q.minSelections !== 1 ? [`count-selected(.) >= ${q.minSelections}`] : []),
            ...(q.maxSelections !== undefined ? [`count-selected(.) <= ${q.maxSelections}`] : []),
          ];
          if (counts.length > 0) row.constraint = counts.join(' and ');
        }
        if (q.kind === 'ranking' && (q.minRanked !== undefined || q.maxRanked !== undefined)) {
          Object.assign(extras, { minRanked: q.minRanked, maxRanked: q.maxRanked });
          this.notes.push(`${where}: ODK ranks every option (minRanked/maxRanked kept in the barometer column)`);
        }
        const filter = this.options(q, list, where);
        if (filter) row.choice_filter = filter;
        for (const code of missing) {
          this.choices.push({
            list_name: list,
            name: code,
            ...this.texts('label', this.instrument.missingLabels[code]),
          });
        }
        if (missing.length > 0 && !same(missing, [...missing].sort())) extras.missing = missing;
        break;
      }
    }
    if ((q.kind === 'numeric' || q.kind === 'text') && missing.length > 0) {
      extras.missing = missing;
      this.notes.push(
        `${where}: ${missing.join(' and ')} cannot be offered on ${row.type === 'integer' ? 'an' : 'a'} ${row.type} question in XLSForm (kept in the barometer column)`,
      );
    }
    if (Object.keys(extras).length > 0) row.barometer = JSON.stringify(extras);
    this.survey.push(row);
    this.kinds.set(q.code, q);
  }

  /** A grid: a field-list group of one select_one per item (`CODE_ITEM`), on one list. */
  private gridQuestion(
    q: Extract<Question, { kind: 'grid' }>,
    row: Row,
    extras: Record<string, unknown>,
    where: string,
  ): void {
    const list = q.code.toLowerCase();
    if (q.randomizeItems) {
      extras.randomizeItems = true;
      this.notes.push(
        `${where}: randomizeItems: ODK shows the items in definition order (kept in the barometer column)`,
      );
    }
    if (!same(q.missing, [...q.missing].sort())) extras.missing = q.missing;
    // A grid is a group in XLSForm: its instruction is also kept in the barometer column, read back from there.
    if (q.interviewerInstruction) extras.interviewerInstruction = q.interviewerInstruction;
    const { name, required, relevant, ...texts } = row;
    this.survey.push({
      type: 'begin group',
      name: q.code,
      ...texts,
      ...(relevant !== undefined ? { relevant } : {}),
      appearance: 'field-list',
      barometer: JSON.stringify({ kind: 'grid', ...extras }),
    });
    for (const item of q.items)
      this.survey.push({
        type: `select_one ${list}`,
        name: `${name}_${item.code}`,
        ...this.texts('label', item.label),
        ...(required !== undefined ? { required } : {}),
      });
    this.survey.push({ type: 'end group', name: q.code });
    this.options(q, list, where);
    for (const code of q.missing)
      this.choices.push({ list_name: list, name: code, ...this.texts('label', this.instrument.missingLabels[code]) });
    this.kinds.set(q.code, q);
  }

  /** The question's choices; returns its `choice_filter` when the options' conditions have one. */
  private options(q: Question, list: string, where: string): string | undefined {
    const options = optionsOf(q);
    const filter = choiceFilter(options);
    const conditional = options.some((o) => o.showIf);
    if (conditional && !filter)
      this.notes.push(
        `${where}: its options' conditions have no choice_filter form; ODK offers every option (kept in the barometer column)`,
      );
    for (const o of options) {
      const extras: Record<string, unknown> = {};
      if (o.value !== undefined) extras.value = o.value;
      if (o.anchor) extras.anchor = true;
      if (o.exclusive) extras.exclusive = true;
      if (o.showIf && !filter) extras.showIf = o.showIf;
      const values = filter && o.showIf ? filterValues(o.showIf) : [undefined];
      for (const value of values)
        this.choices.push({
          list_name: list,
          name: o.code,
          ...this.texts('label', o.label),
          ...(value !== undefined ? { filter: value } : {}),
          ...(Object.keys(extras).length > 0 ? { barometer: JSON.stringify(extras) } : {}),
        });
    }
    if (options.some((o) => o.anchor))
      this.notes.push(
        `${where}: ODK's randomize=true shuffles anchored options too (anchors kept in the barometer column)`,
      );
    if (options.some((o) => o.exclusive))
      this.notes.push(
        `${where}: an exclusive option ("none of these") is not enforced by ODK (kept in the barometer column)`,
      );
    if (q.kind === 'scale')
      this.notes.push(`${where}: a scale is a select_one in XLSForm (points' values kept in the barometer column)`);
    return filter;
  }
}
