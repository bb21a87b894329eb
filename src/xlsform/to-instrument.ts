/**
 * An XLSForm's parts → the study it imports as: one instrument whose blocks (pages) are the
 * form's groups. Questions outside any group get a page each (as ODK Collect shows them); a
 * question that reads an answer on its own page starts a new page (Barometer's logic reads
 * earlier pages only), and nested groups' `relevant`s are joined with `all`. Pure.
 */
import { ChosenMissingCode, Slug, conditionReferences, type Condition, type Text } from '../instrument/index.ts';
import { barometerExtras, questionCode, type Draft } from './cells.ts';
import { buildQuestion, sameText, type BuiltQuestion } from './build-question.ts';
import { ExpressionError, parseExpression } from './expression.ts';
import { rowText, type Unsupported, type XlsForm } from './form.ts';
import type { SheetRow } from './sheet.ts';
import { toCondition, type QuestionLookup, type ReferencedQuestion } from './to-condition.ts';
import { rowType, type RowType } from './types.ts';
import { finishGrid, type GridInProgress } from './grid.ts';

interface Group {
  readonly id: string;
  readonly title?: Text;
  readonly showIf?: Condition;
  readonly extras?: Draft;
  readonly serial: number;
}

interface Page {
  readonly key: string;
  readonly id: string;
  readonly title?: Text;
  readonly showIf?: Condition;
  readonly extras?: Draft;
  readonly questions: BuiltQuestion[];
}

export function slugOf(name: string): string | undefined {
  const id = name.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  return Slug.safeParse(id).success ? id : undefined;
}

function joined(conditions: readonly Condition[]): Condition | undefined {
  if (conditions.length <= 1) return conditions[0];
  return { op: 'all', conditions: [...conditions] };
}

export class Importer {
  readonly unsupported: Unsupported[] = [];
  readonly notes: Unsupported[] = [];
  readonly pages: Page[] = [];
  readonly stack: Group[] = [];
  readonly questions = new Map<string, { built: BuiltQuestion; page: Page }>();
  /** Names of rows that were not imported, to say so when an expression refers to one. */
  readonly skipped = new Set<string>();
  readonly missingLabels = new Map<ChosenMissingCode, Text>();
  readonly blockIds = new Set<string>();
  readonly repeats: { name: string; row: number }[] = [];
  grid: GridInProgress | undefined;
  fingerprint: string | undefined;
  serial = 0;

  constructor(readonly form: XlsForm) {}

  readonly lookup: QuestionLookup = (name) => {
    const found = this.questions.get(name);
    if (!found) {
      if (this.skipped.has(name)) throw new ExpressionError(`\${${name}} is a row that is not imported`, 0);
      throw new ExpressionError(`\${${name}} is not an earlier question of the form`, 0);
    }
    const { built } = found;
    const ref: ReferencedQuestion = {
      code: built.code,
      kind: built.kind,
      optionCode: (choice) => built.optionCodes.get(choice),
    };
    return ref;
  };

  run(): void {
    for (const row of this.form.survey.rows) this.row(row);
    for (const repeat of this.repeats)
      this.unsupported.push({
        sheet: 'survey',
        row: repeat.row,
        column: 'type',
        reason: `repeat ${repeat.name} is never ended`,
      });
    for (const group of this.stack)
      this.unsupported.push({
        sheet: 'survey',
        row: group.serial,
        column: 'type',
        reason: `group ${group.id} is never ended`,
      });
  }

  private row(row: SheetRow): void {
    const typeCell = row.cells.get('type');
    const name = row.cells.get('name');
    if (typeCell === undefined) {
      if (row.cells.size > 0 && !(row.cells.size === 1 && row.cells.has('comments')))
        this.unsupported.push({ sheet: 'survey', row: row.row, column: 'type', reason: 'the row has no type' });
      return;
    }
    const type = rowType(typeCell);
    const skip = (column: string, reason: string) => {
      this.unsupported.push({ sheet: 'survey', row: row.row, column, reason });
      if (name) this.skipped.add(name);
    };
    const repeat = this.repeats[this.repeats.length - 1];
    if (repeat) {
      if (type.row === 'end_repeat') this.repeats.pop();
      else {
        if (type.row === 'begin_repeat') this.repeats.push({ name: name ?? '', row: row.row });
        skip('type', `inside repeat group ${repeat.name} (row ${repeat.row}), which is not supported`);
      }
      return;
    }
    if (this.grid) return this.gridRow(this.grid, row, type, skip);
    switch (type.row) {
      case 'begin_repeat':
        this.repeats.push({ name: name ?? '', row: row.row });
        return skip('type', 'repeat groups are not supported');
      case 'end_repeat':
        return skip('type', 'end repeat without a begin repeat');
      case 'unsupported':
        return skip('type', type.reason);
      case 'calculate': {
        const literal = /^'(sha256:[0-9a-f]{64})'$/.exec(row.cells.get('calculation') ?? '');
        if (name === 'instrument_fingerprint' && literal?.[1]) this.fingerprint = literal[1];
        else skip('type', 'calculate fields are not supported');
        return;
      }
      case 'begin_group':
        return this.beginGroup(row);
      case 'end_group':
        if (this.stack.pop() === undefined) skip('type', 'end group without a begin group');
        return;
      case 'question': {
        const result = buildQuestion(
          { form: this.form, lookup: this.lookup, note: (u) => this.notes.push(u) },
          row,
          type,
        );
        if ('unsupported' in result) {
          this.unsupported.push(...result.unsupported);
          if (name) this.skipped.add(name);
          return;
        }
        this.place(result.built, name ?? result.built.code, row);
        if ('orOther' in type && type.orOther) this.specifyOther(result.built, row);
      }
    }
  }

  /** A row inside a grid group: an item, or the end of the grid. */
  private gridRow(grid: GridInProgress, row: SheetRow, type: RowType, skip: (c: string, r: string) => void): void {
    if (type.row === 'end_group') {
      this.grid = undefined;
      if (grid.failed) return;
      const result = finishGrid(grid);
      if ('reason' in result) {
        this.unsupported.push({ sheet: 'survey', row: grid.row, column: 'type', reason: result.reason });
        this.skipped.add(grid.name);
      } else this.place(result.built, grid.name, row);
      return;
    }
    if (type.row !== 'question' || type.kind !== 'single') {
      grid.failed = true;
      return skip('type', `a grid group (row ${grid.row}) holds select_one items only`);
    }
    const result = buildQuestion({ form: this.form, lookup: this.lookup, note: (u) => this.notes.push(u) }, row, type);
    if ('unsupported' in result) {
      grid.failed = true;
      this.unsupported.push(...result.unsupported);
    } else grid.items.push(result.built);
  }

  private beginGroup(row: SheetRow): void {
    const name = row.cells.get('name') ?? '';
    const title = rowText(this.form, row.cells, 'label');
    if ('missing' in title)
      this.unsupported.push({
        sheet: 'survey',
        row: row.row,
        column: title.column,
        reason: `no label in "${title.missing}" (every text needs every language)`,
      });
    let showIf: Condition | undefined;
    const relevant = row.cells.get('relevant');
    if (relevant !== undefined) {
      try {
        showIf = toCondition(parseExpression(relevant), this.lookup);
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        this.unsupported.push({
          sheet: 'survey',
          row: row.row,
          column: 'relevant',
          reason: `${err.message} in "${relevant}"`,
        });
      }
    }
    const extras = barometerExtras(row.cells, (reason) =>
      this.unsupported.push({ sheet: 'survey', row: row.row, column: 'barometer', reason }),
    );
    if (extras?.kind === 'grid') {
      const { kind: _grid, ...rest } = extras;
      const help = rowText(this.form, row.cells, 'hint');
      this.grid = {
        row: row.row,
        name,
        ...('text' in title ? { text: title.text } : {}),
        ...('text' in help ? { help: help.text } : {}),
        ...(showIf ? { showIf } : {}),
        extras: rest,
        items: [],
        failed: false,
      };
      return;
    }
    this.serial++;
    this.stack.push({
      id: slugOf(name) ?? `page_${this.serial}`,
      ...('text' in title ? { title: title.text } : {}),
      ...(showIf ? { showIf } : {}),
      ...(extras ? { extras } : {}),
      serial: row.row,
    });
  }

  private blockId(base: string): string {
    let id = base;
    for (let n = 2; this.blockIds.has(id); n++) id = `${base}_${n}`;
    this.blockIds.add(id);
    return id;
  }

  private place(built: BuiltQuestion, name: string, row: SheetRow): void {
    if ([...this.questions.values()].some((q) => q.built.code === built.code)) {
      this.unsupported.push({
        sheet: 'survey',
        row: row.row,
        column: 'name',
        reason: `question code ${built.code} is used twice`,
      });
      return;
    }
    for (const [code, label] of built.missingLabels) {
      const known = this.missingLabels.get(code);
      if (known && JSON.stringify(known) !== JSON.stringify(label.text)) {
        this.unsupported.push({
          sheet: 'choices',
          row: label.row,
          column: 'label',
          reason: `the label of ${code} differs from an earlier list's (Barometer has one label per missing code)`,
        });
        return;
      }
      this.missingLabels.set(code, label.text);
    }
    const inner = this.stack[this.stack.length - 1];
    const key = inner ? `group:${inner.serial}` : `question:${row.row}`;
    const current = this.pages[this.pages.length - 1];
    const reads = new Set(built.conditions.flatMap((c) => conditionReferences(c)).map((r) => r.question));
    const readsOwnPage = current?.questions.some((q) => reads.has(q.code)) ?? false;
    let page = current;
    if (!page || page.key !== key || readsOwnPage) {
      const showIf = joined(this.stack.flatMap((g) => (g.showIf ? [g.showIf] : [])));
      page = {
        key,
        id: this.blockId(inner?.id ?? slugOf(name) ?? built.code.toLowerCase()),
        ...(inner?.title ? { title: inner.title } : {}),
        ...(showIf ? { showIf } : {}),
        ...(inner?.extras ? { extras: inner.extras } : {}),
        questions: [],
      };
      this.pages.push(page);
    }
    page.questions.push(built);
    this.questions.set(name, { built, page });
  }

  /** `or_other`: the text question pyxform adds, `<name>_other`, shown when "other" is chosen. */
  private specifyOther(built: BuiltQuestion, row: SheetRow): void {
    const code = questionCode(`${built.code}_OTHER`);
    if (!code) return;
    const showIf: Condition = { op: 'in', question: built.code, values: ['other'] };
    const other: BuiltQuestion = {
      code,
      kind: 'text',
      draft: { kind: 'text', code, text: sameText(this, 'Specify other'), required: false, showIf },
      optionCodes: new Map(),
      conditions: [showIf],
      missingLabels: new Map(),
    };
    this.place(other, `${row.cells.get('name') ?? code}_other`, row);
  }
}
