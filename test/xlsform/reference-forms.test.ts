/**
 * Every real form of test/fixtures/xlsform (see its README for sources and licences): either it
 * imports and the written study lints, or the import stops with exactly these lines, worked out
 * by reading each sheet. With --skip-unsupported, every one imports the rest and lints.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStudies, type Instrument } from '../../src/instrument/index.ts';
import { definitionsDir, fixtures, runCli } from './run-cli.ts';

const { dir, remove } = definitionsDir();
afterAll(remove);

const zhLabel = (row: number) =>
  `sheet survey, row ${row}, column label::chinese: no label in "zh" (every text needs every language)`;
const typeLine = (row: number, reason: string) => `sheet survey, row ${row}, column type: ${reason}`;
const media = (row: number, what: string) => typeLine(row, `${what} questions (media) are not supported`);
const geo = (row: number, what: string) => typeLine(row, `${what} questions (geo) are not supported`);
const metadata = (row: number, what: string) =>
  typeLine(row, `metadata field ${what} is not supported (Barometer records its own paradata)`);
const inRepeat = (row: number) => typeLine(row, 'inside repeat group repeat_test (row 15), which is not supported');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const imageColumn = (sheet: string, row: number) =>
  `sheet ${sheet}, row ${row}, column image: media labels are not supported`;

/** What each form cannot express, one line each, in sheet order (survey, then choices). */
const expected: Record<string, readonly string[]> = {
  'pyxform-text_and_integer.xlsx': [],
  'pyxform-yes_or_no_question.xlsx': [],
  'pyxform-choice_filter_test.xlsx': [],
  'pyxform-group.xlsx': [typeLine(4, 'unknown type "phone number"')],
  'pyxform-or_other.xlsx': [
    'sheet survey, row 3, column choice_filter: only "column = ${question}" can be expressed (options shown by an earlier answer) in "pastel=yes"',
  ],
  'pyxform-case_insensitivity.xlsx': [
    typeLine(3, 'choices from external files are not supported'),
    typeLine(4, 'unknown type "osm c1"'),
  ],
  'odk-pizza-questionnaire.xlsx': [
    'sheet survey, row 4, column relevant: unexpected character ‘ in "selected(${pizza_toppings}, ‘other’)"',
  ],
  'odk-tutorial.xlsx': [
    metadata(2, 'start'),
    metadata(3, 'end'),
    metadata(4, 'today'),
    metadata(5, 'deviceid'),
    metadata(6, 'phonenumber'),
    media(11, 'image'),
    geo(13, 'geopoint'),
  ],
  'odk-all-question-types.xlsx': [
    'sheet survey, row 6, column default: default values are not supported',
    'sheet survey, row 9, column default: default values are not supported',
    // Ranges are whole numbers from start to end (default 1 to 10), but for the one with step 0.5.
    'sheet survey, row 22, column parameters: a range with step 0.5 from 1.5 to 5.5 cannot be expressed (whole numbers, step 1)',
    ...range(29, 36).map((r) => media(r, 'image')),
    typeLine(39, 'barcode questions are not supported'),
    typeLine(40, 'barcode questions are not supported'),
    media(41, 'audio'),
    media(42, 'audio'),
    media(43, 'video'),
    media(44, 'video'),
    media(45, 'file'),
    media(46, 'file'),
    typeLine(53, 'time questions are not supported'),
    typeLine(54, 'datetime questions are not supported'),
    typeLine(55, 'datetime questions are not supported'),
    geo(65, 'geopoint'),
    geo(66, 'geopoint'),
    geo(67, 'geopoint'),
    geo(68, 'geotrace'),
    geo(69, 'geoshape'),
    imageColumn('survey', 80),
    typeLine(82, 'choices from external files are not supported'),
    imageColumn('survey', 93),
    // The abcd_icon list (rows 15-18) and likert_options (32-36) label their choices with images.
    ...[15, 16, 17, 18, 32, 33, 34, 35, 36].map((r) => imageColumn('choices', r)),
  ],
  'pyxform-xlsform_spec_test.xlsx': [
    zhLabel(2),
    `sheet survey, row 3, column relevant: \${skip_to_end} is a row that is not imported in "not(selected(\${skip_to_end}, 'yes'))"`,
    zhLabel(4),
    zhLabel(5),
    'sheet survey, row 5, column hint::chinese: no hint in "zh" (every text needs every language)',
    'sheet survey, row 6, column hint: no hint in "en" (every text needs every language)',
    zhLabel(7),
    `sheet survey, row 7, column relevant: unknown function regex() in "regex(\${address}, '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,4}')"`,
    ...['image', 'audio', 'image::english', 'media::audio::chinese', 'media::video'].map(
      (c) => `sheet survey, row 9, column ${c}: media labels are not supported`,
    ),
    imageColumn('survey', 10),
    'sheet survey, row 10, column label: a question needs a label',
    ...[11, 12, 13, 14].map(zhLabel),
    'sheet survey, row 14, column constraint: a bound must be a number (a ${question} or text cannot be a bound) in ". <= ${a_integer}"',
    typeLine(15, 'repeat groups are not supported'),
    ...range(16, 28).map(inRepeat),
    zhLabel(30),
    zhLabel(31),
    typeLine(32, 'time questions are not supported'),
    typeLine(33, 'datetime questions are not supported'),
    geo(34, 'geopoint'),
    typeLine(35, 'barcode questions are not supported'),
    media(36, 'image'),
    media(37, 'audio'),
    media(38, 'video'),
    zhLabel(39),
    typeLine(40, 'calculate fields are not supported'),
    zhLabel(41),
    metadata(42, 'start'),
    zhLabel(43),
    metadata(44, 'end'),
    zhLabel(45),
    metadata(46, 'today'),
    zhLabel(47),
    metadata(48, 'deviceid'),
    zhLabel(49),
    metadata(50, 'uri:deviceid'),
    zhLabel(51),
    metadata(52, 'phonenumber'),
    zhLabel(53),
    'sheet survey, row 54, column name: "_1" cannot be a question code (a letter, then letters, digits, _)',
    zhLabel(54),
    'sheet survey, row 55, column name: "=FALSE()" cannot be a question code (a letter, then letters, digits, _)',
    zhLabel(55),
    zhLabel(57),
  ],
};

function studyId(file: string): string {
  return path.basename(file, '.xlsx').toLowerCase().replace(/_/g, '-');
}

function listed(file: string, stderr: string): string[] {
  const prefix = `${path.join('test/fixtures/xlsform', file)}: sheet `;
  return stderr
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .map((l) => l.slice(prefix.length - 'sheet '.length));
}

/** The written study is formatted as `npx prettier --check .` wants it (it will be committed). */
async function formatted(id: string): Promise<boolean> {
  const file = path.join(dir, id, 'index.ts');
  const options = await prettier.resolveConfig(file);
  return prettier.check(readFileSync(file, 'utf8'), { ...options, filepath: file });
}

async function imported(id: string): Promise<Instrument> {
  expect(await formatted(id)).toBe(true);
  const { studies, problems } = await loadStudies(path.join(dir, id));
  expect(problems).toEqual([]);
  const instrument = studies[0]?.study.instruments[0];
  if (!instrument) throw new Error(`no instrument in ${id}`);
  return instrument;
}

describe('barometer import xlsform on the reference forms', () => {
  it('covers every form of the fixtures folder', () => {
    const readme = readFileSync(path.join(fixtures, 'README.md'), 'utf8');
    for (const file of Object.keys(expected)) expect(readme).toContain(`\`${file}\``);
    const forms = readdirSync(fixtures).filter((f) => /\.xlsx?$/i.test(f));
    expect(Object.keys(expected).sort()).toEqual(forms.sort());
  });

  for (const [file, lines] of Object.entries(expected)) {
    it(`${file}: ${lines.length === 0 ? 'imports and lints' : `stops with ${lines.length} lines`}`, async () => {
      const args = ['import', 'xlsform', path.join('test/fixtures/xlsform', file), '--definitions', dir];
      const run = await runCli([...args, '--study', studyId(file)]);
      expect(listed(file, run.stderr)).toEqual(lines);
      expect(run.code).toBe(lines.length === 0 ? 0 : 1);
      if (lines.length > 0) {
        expect(run.stderr).toContain(`${lines.length} thing`);
        // With --skip-unsupported the rest imports, lints, and keeps the lines as comments.
        const skipped = await runCli([...args, '--study', `${studyId(file)}-rest`, '--skip-unsupported']);
        expect(skipped.stderr).not.toContain('does not pass');
        expect(skipped.code).toBe(0);
        const source = readFileSync(path.join(dir, `${studyId(file)}-rest`, 'index.ts'), 'utf8');
        for (const line of lines) expect(source).toContain(` * - ${line}`);
        await imported(`${studyId(file)}-rest`);
      } else await imported(studyId(file));
    });
  }
});
