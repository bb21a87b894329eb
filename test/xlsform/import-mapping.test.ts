/**
 * The import's mapping on forms written here, with the mess real forms have (trailing spaces in
 * types, blank rows, mixed-case headers, extra sheets), and what the reference forms import as.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStudies, type Instrument } from '../../src/instrument/index.ts';
import { definitionsDir, root, runCli } from './run-cli.ts';

const { dir, remove } = definitionsDir();
afterAll(remove);

async function workbook(sheets: Record<string, (string | number | null)[][]>, file: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  const target = path.join(dir, file);
  await book.xlsx.writeFile(target);
  return path.relative(root, target);
}

async function imported(id: string): Promise<Instrument> {
  const { studies, problems } = await loadStudies(path.join(dir, id));
  expect(problems).toEqual([]);
  const instrument = studies[0]?.study.instruments[0];
  if (!instrument) throw new Error(`no instrument in ${id}`);
  return instrument;
}

const T = (en: string, fr: string, ar: string) => ({ en, fr, ar });

describe('import xlsform: the mapping', () => {
  it('maps types, groups, languages, logic, constraints, or_other and missing choices', async () => {
    const file = await workbook(
      {
        'Form Responses': [['ignored']],
        SURVEY: [
          [
            'TYPE',
            'Name',
            'Label::English (en)',
            'label::French',
            'LABEL::Arabic (ar)',
            'Hint::English (en)',
            'hint::French',
            'hint::Arabic (ar)',
            'Required',
            'Relevant',
            'Constraint',
            'appearance',
          ],
          ['begin group', 'about', 'About you', 'Vous', 'عنك'],
          ['integer  ', 'age', 'Age?', 'Âge ?', 'العمر؟', 'Years', 'Ans', 'سنوات', 'yes', null, '. >= 15 and . <= 120'],
          ['select_one yn ', 'works', 'Work?', 'Travail ?', 'عمل؟', null, null, null, 'TRUE'],
          ['end group'],
          [],
          [' Begin_Group', 'job', 'Job', 'Emploi', 'عمل', null, null, null, null, "${works} = 'yes' and ${age} >= 18"],
          [
            'select_multiple media or_other',
            'where',
            'Where?',
            'Où ?',
            'أين؟',
            null,
            null,
            null,
            'no',
            null,
            'count-selected(.) <= 2',
          ],
          [
            'text',
            'notes',
            'Notes',
            'Notes',
            'ملاحظات',
            null,
            null,
            null,
            null,
            "not(selected(${where}, 'tv'))",
            'string-length(.) <= 50',
            'multiline',
          ],
          ['decimal', 'hours', 'Hours', 'Heures', 'ساعات', null, null, null, null, "${works} != 'dont_know'"],
          ['note', 'bye', 'Thanks ${age}', 'Merci ${age}', 'شكرا ${age}'],
          ['end_group'],
        ],
        Choices: [
          ['List Name', 'name', 'label::English (en)', 'label::French', 'label::Arabic (ar)'],
          ['yn', 'yes', 'Yes', 'Oui', 'نعم'],
          ['yn', 'no', 'No', 'Non', 'لا'],
          ['yn', 'dont_know', "Don't know", 'Ne sait pas', 'لا أعرف'],
          [],
          ['media', 'tv', 'TV', 'Télé', 'تلفاز'],
          ['media', 'radio', 'Radio', 'Radio', 'راديو'],
        ],
        settings: [
          ['form_title', 'form_id', 'version', 'default_language'],
          ['Work survey', 'work-survey', '3', 'English (en)'],
        ],
      },
      'mapping.xlsx',
    );
    const run = await runCli(['import', 'xlsform', file, '--study', 'mapping', '--definitions', dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const instrument = await imported('mapping');
    expect(instrument.id).toBe('work-survey');
    expect(instrument.version).toBe('3');
    expect(instrument.languages).toEqual([
      { code: 'en', name: 'English', dir: 'ltr' },
      { code: 'fr', name: 'French', dir: 'ltr' },
      { code: 'ar', name: 'Arabic', dir: 'rtl' },
    ]);
    expect(instrument.missingLabels).toEqual({ dont_know: T("Don't know", 'Ne sait pas', 'لا أعرف') });
    expect(instrument.blocks.map((b) => [b.id, b.questions.map((q) => q.code)])).toEqual([
      ['about', ['AGE', 'WORKS']],
      ['job', ['WHERE']],
      // WHERE_OTHER and NOTES read WHERE, on the page before: the group continues on a new page.
      ['job_2', ['WHERE_OTHER', 'NOTES', 'HOURS', 'BYE']],
    ]);
    const jobShowIf = {
      op: 'all',
      conditions: [
        { op: 'equals', question: 'WORKS', value: 'yes' },
        { op: 'gte', question: 'AGE', value: 18 },
      ],
    };
    expect(instrument.blocks[1]?.title).toEqual(T('Job', 'Emploi', 'عمل'));
    expect(instrument.blocks[1]?.showIf).toEqual(jobShowIf);
    expect(instrument.blocks[2]?.showIf).toEqual(jobShowIf);
    const [age, works] = instrument.blocks[0]?.questions ?? [];
    expect(age).toEqual({
      kind: 'numeric',
      code: 'AGE',
      text: T('Age?', 'Âge ?', 'العمر؟'),
      help: T('Years', 'Ans', 'سنوات'),
      required: true,
      missing: [],
      integer: true,
      min: 15,
      max: 120,
    });
    expect(works).toMatchObject({ kind: 'single', required: true, missing: ['dont_know'] });
    expect(works?.kind === 'single' && works.options.map((o) => o.code)).toEqual(['yes', 'no']);
    const where = instrument.blocks[1]?.questions[0];
    expect(where).toMatchObject({ kind: 'multiple', required: false, maxSelections: 2, minSelections: 1 });
    expect(where?.kind === 'multiple' && where.options.map((o) => [o.code, o.label])).toEqual([
      ['tv', T('TV', 'Télé', 'تلفاز')],
      ['radio', T('Radio', 'Radio', 'راديو')],
      ['other', T('Other', 'Other', 'Other')],
    ]);
    const [other, notes, hours, bye] = instrument.blocks[2]?.questions ?? [];
    expect(other).toMatchObject({
      kind: 'text',
      code: 'WHERE_OTHER',
      required: false,
      showIf: { op: 'in', question: 'WHERE', values: ['other'] },
    });
    expect(notes).toMatchObject({
      kind: 'text',
      maxLength: 50,
      multiline: true,
      showIf: { op: 'not', condition: { op: 'in', question: 'WHERE', values: ['tv'] } },
    });
    expect(hours).toMatchObject({
      kind: 'numeric',
      integer: false,
      showIf: { op: 'not', condition: { op: 'missing', question: 'WORKS', codes: ['dont_know'] } },
    });
    expect(bye).toEqual({ kind: 'info', code: 'BYE', text: T('Thanks {{AGE}}', 'Merci {{AGE}}', 'شكرا {{AGE}}') });
  });

  it('refuses an old binary .xls workbook with how to convert it, naming the file', async () => {
    const xls = path.join(dir, 'old.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const run = await runCli(['import', 'xlsform', path.relative(root, xls), '--study', 'old', '--definitions', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('old binary .xls');
    expect(run.stderr).toContain('save it as .xlsx');
    // The same bytes named .xlsx: refused by their content.
    const disguised = path.join(dir, 'old.xlsx');
    writeFileSync(disguised, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const again = await runCli([
      'import',
      'xlsform',
      path.relative(root, disguised),
      '--study',
      'old',
      '--definitions',
      dir,
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('old binary .xls workbook; open it in a spreadsheet program and save it as .xlsx');
  });

  it('says which argument is wrong', async () => {
    expect((await runCli(['import', 'xlsform', 'nowhere.xlsx', '--study', 'x'])).stderr).toContain(
      'nowhere.xlsx: no such file',
    );
    expect((await runCli(['import', 'xlsform', 'README.md', '--study', 'Bad Id'])).stderr).toContain(
      '--study: "Bad Id" is not a study id',
    );
    expect((await runCli(['import', 'xlsform', 'README.md'])).stderr).toContain('--study: give the id');
    expect((await runCli(['import', 'csv', 'a.csv', '--study', 'x'])).code).toBe(2);
    const notZip = await runCli(['import', 'xlsform', 'README.md', '--study', 'readme', '--definitions', dir]);
    expect(notZip.stderr).toContain('README.md: not an .xlsx workbook');
  });

  it('imports the reference forms as their sheets say', async () => {
    const file = 'test/fixtures/xlsform/pyxform-choice_filter_test.xlsx';
    expect((await runCli(['import', 'xlsform', file, '--study', 'cascade', '--definitions', dir])).code).toBe(0);
    const cascade = await imported('cascade');
    const county = cascade.blocks[1]?.questions[0];
    // "king" is listed under texas and washington with one label: one option shown for either.
    expect(county?.kind === 'single' && county.options.map((o) => [o.code, o.showIf])).toEqual([
      ['king', { op: 'in', question: 'STATE', values: ['washington', 'texas'] }],
      ['pierce', { op: 'equals', question: 'STATE', value: 'washington' }],
      ['cameron', { op: 'equals', question: 'STATE', value: 'texas' }],
    ]);
    const pizza = 'test/fixtures/xlsform/odk-pizza-questionnaire.xlsx';
    const args = ['import', 'xlsform', pizza, '--study', 'pizza', '--definitions', dir, '--skip-unsupported'];
    expect((await runCli(args)).code).toBe(0);
    const instrument = await imported('pizza');
    const questions = instrument.blocks.flatMap((b) => b.questions);
    expect(questions.map((q) => q.code)).toEqual([
      'LIKES_PIZZA',
      'PIZZA_TOPPINGS',
      'FAVORITE_TOPPING',
      'FAVORITE_TOPPING_OTHER',
    ]);
    expect(questions[2]?.showIf).toEqual({ op: 'equals', question: 'LIKES_PIZZA', value: 'yes' });
  });
});
