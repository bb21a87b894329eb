/** The pure parts of the import: headers, languages, types, and sheets → study, without files. */
import { describe, expect, it } from 'vitest';
import {
  conditionToXPath,
  formatUnsupported,
  importXlsForm,
  languageOf,
  type RawSheet,
} from '../../src/xlsform/index.ts';
import { columnKey, sheetTable } from '../../src/xlsform/sheet.ts';
import { rowType } from '../../src/xlsform/types.ts';
import { rangeLimits } from '../../src/xlsform/build-question.ts';
import { barometerExtras } from '../../src/xlsform/cells.ts';

function sheet(name: string, rows: string[][]): RawSheet {
  return { name, rows: rows.map((values, i) => ({ row: i + 1, values })) };
}
const CHOICES = sheet('choices', [
  ['list_name', 'name', 'label'],
  ['yn', 'yes', 'Yes'],
  ['yn', 'no', 'No'],
]);
function lines(survey: string[][], more: RawSheet[] = [CHOICES]): string[] {
  return importXlsForm([sheet('survey', survey), ...more], 'test').unsupported.map(formatUnsupported);
}

describe('headers, languages and types', () => {
  it('normalises headers in any case and spelling', () => {
    expect(columnKey('LABEL::EN')).toBe('label::EN');
    expect(columnKey(' label:English ')).toBe('label::English');
    expect(columnKey('List Name')).toBe('list_name');
    expect(columnKey('Hint::Arabic (ar)')).toBe('hint::Arabic (ar)');
    expect(columnKey('media::image::French')).toBe('media::image::French');
    expect(columnKey('REQUIRED')).toBe('required');
  });

  it('skips blank rows and trims cells, keeping sheet row numbers', () => {
    const table = sheetTable(sheet('survey', [['type', 'name'], [], ['  ', ''], ['integer \n', ' age ']]));
    expect(table.rows.map((r) => [r.row, [...r.cells]])).toEqual([
      [
        4,
        [
          ['type', 'integer'],
          ['name', 'age'],
        ],
      ],
    ]);
  });

  it('maps language names to BCP-47 tags, a (xx) suffix first', () => {
    expect(languageOf('English (en)')).toEqual({ code: 'en', name: 'English', dir: 'ltr' });
    expect(languageOf('French')).toEqual({ code: 'fr', name: 'French', dir: 'ltr' });
    expect(languageOf('Arabic (ar)')).toEqual({ code: 'ar', name: 'Arabic', dir: 'rtl' });
    expect(languageOf('english')).toEqual({ code: 'en', name: 'English', dir: 'ltr' });
    expect(languageOf('EN')).toEqual({ code: 'en', name: 'EN', dir: 'ltr' });
    expect(languageOf('Português (pt-br)')).toEqual({ code: 'pt-BR', name: 'Português', dir: 'ltr' });
    expect(languageOf('French (ca)')).toEqual({ code: 'ca', name: 'French', dir: 'ltr' });
    expect(languageOf('Dari')).toEqual({ code: 'prs', name: 'Dari', dir: 'rtl' });
    expect(languageOf('Klingon')).toEqual({
      unknown: 'unknown language "Klingon"; name it with its BCP-47 tag in parentheses, e.g. "Klingon (xx)"',
    });
  });

  it('reads types with stray spaces and either spelling', () => {
    expect(rowType(' select_one  yn  ')).toEqual({ row: 'question', kind: 'single', list: 'yn', orOther: false });
    expect(rowType('select one from yn')).toEqual({ row: 'question', kind: 'single', list: 'yn', orOther: false });
    expect(rowType('Select_Multiple yn or_other')).toEqual({
      row: 'question',
      kind: 'multiple',
      list: 'yn',
      orOther: true,
    });
    expect(rowType('begin_group')).toEqual({ row: 'begin_group' });
    expect(rowType('BEGIN GROUP')).toEqual({ row: 'begin_group' });
    expect(rowType('int')).toEqual({ row: 'question', kind: 'integer' });
    expect(rowType('phone number')).toEqual({ row: 'unsupported', reason: 'unknown type "phone number"' });
    expect(rowType('select_one yn extra')).toEqual({
      row: 'unsupported',
      reason: '"extra" after the list name is not understood',
    });
  });
});

describe('the barometer cell of a row', () => {
  it('is a JSON object whose keys never reach a prototype', () => {
    const problems: string[] = [];
    const cells = (text: string) => new Map([['barometer', text]]);
    const extras = barometerExtras(cells('{"__proto__": {"polluted": true}, "unit": {"en": "years"}}'), (r) =>
      problems.push(r),
    );
    expect(extras).toEqual({ unit: { en: 'years' } });
    expect(Object.getPrototypeOf(Object.assign({}, extras))).toBe(Object.prototype);
    expect(barometerExtras(cells('[1]'), (r) => problems.push(r))).toBeUndefined();
    expect(barometerExtras(cells('{oops'), (r) => problems.push(r))).toBeUndefined();
    expect(problems).toEqual(['the barometer cell must be a JSON object', 'the barometer cell must be a JSON object']);
  });
});

describe('range parameters', () => {
  it('reads whole-number ranges with step 1, pyxform defaults 1 to 10', () => {
    expect(rangeLimits('')).toEqual({ min: 1, max: 10 });
    expect(rangeLimits('start=1;end=10;step=1')).toEqual({ min: 1, max: 10 });
    expect(rangeLimits('end=5')).toEqual({ min: 1, max: 5 });
    expect(rangeLimits('start=1.5;end=5.5;step=0.5')).toEqual({
      reason: 'a range with step 0.5 from 1.5 to 5.5 cannot be expressed (whole numbers, step 1)',
    });
    expect(rangeLimits('tick=2')).toEqual({ reason: '"tick=2" is not a range parameter (start, end, step)' });
  });
});

describe('sheets → study', () => {
  it('joins nested groups’ conditions and lists a group never ended and an end without a begin', () => {
    const study = importXlsForm(
      [
        sheet('survey', [
          ['type', 'name', 'label', 'relevant'],
          ['select_one yn', 'a', 'A?'],
          ['begin group', 'outer', 'Outer', "${a} = 'yes'"],
          ['integer', 'b', 'B?'],
          ['begin group', 'inner', 'Inner', '${b} > 3'],
          ['text', 'c', 'C?'],
          ['end group'],
          ['end group'],
        ]),
        CHOICES,
      ],
      'test',
    );
    expect(study.unsupported).toEqual([]);
    const blocks = study.instrument.blocks;
    expect(Array.isArray(blocks) && blocks.map((b: { id: string; showIf?: unknown }) => [b.id, b.showIf])).toEqual([
      ['a', undefined],
      ['outer', { op: 'equals', question: 'A', value: 'yes' }],
      [
        'inner',
        {
          op: 'all',
          conditions: [
            { op: 'equals', question: 'A', value: 'yes' },
            { op: 'gt', question: 'B', value: 3 },
          ],
        },
      ],
    ]);
    expect(
      lines([
        ['type', 'name', 'label'],
        ['begin group', 'g', 'G'],
        ['text', 't', 'T'],
      ]),
    ).toEqual(['sheet survey, row 2, column type: group g is never ended']);
    expect(lines([['type', 'name', 'label'], ['end group']])).toEqual([
      'sheet survey, row 2, column type: end group without a begin group',
    ]);
  });

  it('lists duplicate codes, differing missing labels, conditional required, parameters and filters it cannot express', () => {
    const choices = sheet('choices', [
      ['list_name', 'name', 'label', 'kind'],
      ['yn', 'yes', 'Yes', 'a'],
      ['yn', 'no', 'No', ''],
      ['yn', 'dont_know', "Don't know"],
      ['yn2', 'yes', 'Yes'],
      ['yn2', 'no', 'No'],
      ['yn2', 'dont_know', 'DK'],
    ]);
    expect(
      lines(
        [
          ['type', 'name', 'label', 'required', 'parameters', 'choice_filter'],
          ['select_one yn', 'q', 'Q?'],
          ['text', 'Q', 'Again?'],
          ['select_one yn2', 'r', 'R?'],
          ['integer', 's', 'S?', "${q} = 'yes'"],
          ['select_one yn', 't', 'T?', '', 'seed=3'],
          ['select_one yn', 'u', 'U?', '', '', "kind = 'a'"],
        ],
        [choices],
      ),
    ).toEqual([
      'sheet survey, row 3, column name: question code Q is used twice',
      `sheet survey, row 5, column required: "\${q} = 'yes'" is not yes or no (conditional required is not supported)`,
      'sheet survey, row 6, column parameters: "seed=3" is not supported (only randomize=true on a select)',
      `sheet survey, row 7, column choice_filter: only "column = \${question}" can be expressed (options shown by an earlier answer) in "kind = 'a'"`,
      "sheet choices, row 7, column label: the label of dont_know differs from an earlier list's (Barometer has one label per missing code)",
    ]);
  });

  it('lists an unknown language once, on its header, and a form without a survey sheet', () => {
    expect(
      lines([
        ['type', 'name', 'label::Klingon'],
        ['note', 'n', 'Hi'],
      ]),
    ).toEqual([
      'sheet survey, row 1, column label::Klingon: unknown language "Klingon"; name it with its BCP-47 tag in parentheses, e.g. "Klingon (xx)"',
      'sheet survey, row 2, column label: a question needs a label',
    ]);
    expect(importXlsForm([CHOICES], 'test').unsupported.map(formatUnsupported)).toEqual([
      'sheet survey, row 1, column type: the workbook has no survey sheet with rows',
    ]);
  });
});

describe('conditions → relevant', () => {
  const kinds: Record<string, string> = { C: 'consent', A: 'single', N: 'numeric' };
  const xpath = (c: Parameters<typeof conditionToXPath>[0]) => conditionToXPath(c, (q) => kinds[q]);
  it('writes each operator as the import reads it, parenthesising nested and/or', () => {
    expect(xpath({ op: 'equals', question: 'C', value: true })).toBe("${C} = 'OK'");
    expect(xpath({ op: 'equals', question: 'C', value: false })).toBeUndefined();
    expect(xpath({ op: 'in', question: 'A', values: ['x', 'y'] })).toBe("selected(${A}, 'x') or selected(${A}, 'y')");
    expect(xpath({ op: 'missing', question: 'A', codes: ['dont_know'] })).toBe("${A} = 'dont_know'");
    expect(
      xpath({
        op: 'all',
        conditions: [
          {
            op: 'any',
            conditions: [
              { op: 'answered', question: 'A' },
              { op: 'lte', question: 'N', value: 3 },
            ],
          },
          { op: 'not', condition: { op: 'missing', question: 'N' } },
        ],
      }),
    ).toBe("(${A} != '' or ${N} <= 3) and not(${N} = '')");
    expect(xpath({ op: 'equals', question: 'A', value: `it's "x"` })).toBeUndefined();
  });
});
