/**
 * `barometer export xlsform` on the flagship: the form's structure read back with exceljs, and
 * the round trip (export, then `barometer import xlsform`) giving the same fingerprint.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineInstrument, instrumentFingerprint, loadStudies, type Instrument } from '../../src/instrument/index.ts';
import { importXlsForm, readWorkbook, studySource, writeWorkbook, xlsFormOf } from '../../src/xlsform/index.ts';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';
import { definitionsDir, root, runCli } from './run-cli.ts';

const { dir, remove } = definitionsDir();
afterAll(remove);

function version(v: string): Instrument {
  const found = flagship.instruments.find((i) => i.version === v);
  if (!found) throw new Error(`no version ${v}`);
  return found;
}

type Sheet = { columns: string[]; rows: Record<string, string>[] };

async function readBack(file: string): Promise<Record<string, Sheet>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheets: Record<string, Sheet> = {};
  for (const ws of book.worksheets) {
    const columns: string[] = [];
    ws.getRow(1).eachCell((c, i) => (columns[i - 1] = String(c.value)));
    const rows: Record<string, string>[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const record: Record<string, string> = {};
      row.eachCell((c, i) => {
        const key = columns[i - 1];
        if (key && c.value !== null && c.value !== '') record[key] = String(c.value);
      });
      rows.push(record);
    });
    sheets[ws.name] = { columns, rows };
  }
  return sheets;
}

const LANGS = ['English (en)', 'Français (fr)', 'Español (es)', 'العربية (ar)'];

describe('barometer export xlsform', () => {
  let sheets: Record<string, Sheet>;
  const out = () => path.join(dir, 'mp-v2.xlsx');
  let stderr = '';

  beforeAll(async () => {
    const run = await runCli(['export', 'xlsform', 'migration-perceptions', '2', '--out', path.relative(root, out())]);
    expect(run.code).toBe(0);
    stderr = run.stderr;
    sheets = await readBack(out());
  });

  it('writes the survey, choices, settings and barometer sheets, a label and hint column per language', () => {
    expect(Object.keys(sheets)).toEqual(['survey', 'choices', 'settings', 'barometer']);
    const survey = sheets.survey?.columns ?? [];
    for (const lang of LANGS) {
      expect(survey).toContain(`label::${lang}`);
      expect(sheets.choices?.columns).toContain(`label::${lang}`);
    }
    expect(survey).toEqual(
      expect.arrayContaining(['type', 'name', 'required', 'relevant', 'constraint', 'choice_filter', 'calculation']),
    );
    expect(sheets.settings?.rows).toEqual([
      {
        form_title: 'Migration perceptions',
        form_id: 'migration-perceptions',
        version: '2',
        default_language: 'English (en)',
      },
    ]);
  });

  it('carries the fingerprint as a hidden calculate field', () => {
    expect(sheets.survey?.rows[0]).toEqual({
      type: 'calculate',
      name: 'instrument_fingerprint',
      calculation: `'${instrumentFingerprint(version('2'))}'`,
    });
  });

  it('writes every block as a group and every question by its code, with its wording in every language', () => {
    const rows = sheets.survey?.rows ?? [];
    const groups = rows.filter((r) => r.type === 'begin group').map((r) => r.name);
    expect(groups).toEqual([
      'intro',
      'location',
      'about_you',
      'immigration',
      'acceptance',
      'contact',
      'campaign',
      'background',
      'end',
    ]);
    expect(rows.filter((r) => r.type === 'end group')).toHaveLength(9);
    const questions = rows.filter((r) => r.type !== 'begin group' && r.type !== 'end group' && r.type !== 'calculate');
    const types = Object.fromEntries(questions.map((r) => [r.name, r.type]));
    expect(types).toEqual({
      CONSENT: 'acknowledge',
      COUNTRY: 'select_one country',
      REGION: 'select_one region',
      AGE: 'integer',
      SEX: 'select_one sex',
      MIG_LEVEL: 'select_one mig_level',
      MIG_JOBS: 'select_one mig_jobs',
      MAI_LIVE: 'select_one mai_live',
      MAI_NEIGHBOR: 'select_one mai_neighbor',
      MAI_MARRY: 'select_one mai_marry',
      KNOWS_MIGRANTS: 'select_one knows_migrants',
      CAMPAIGN_SEEN: 'select_one campaign_seen',
      CAMPAIGN_WHERE: 'select_multiple campaign_where',
      EDUCATION: 'select_one education',
      EMPLOYMENT: 'select_one employment',
      THANKS: 'note',
    });
    for (const row of questions) for (const lang of LANGS) expect(row[`label::${lang}`]?.trim()).toBeTruthy();
    const q = (name: string) => questions.find((r) => r.name === name);
    expect(q('AGE')).toMatchObject({
      constraint: '. >= 15 and . <= 120',
      required: 'yes',
      'label::Français (fr)': 'Quel âge avez-vous ?',
    });
    expect(q('REGION')).toMatchObject({
      choice_filter: 'filter = ${COUNTRY}',
      'label::English (en)': 'In which region of ${COUNTRY} do you live?',
    });
    expect(q('CAMPAIGN_WHERE')).toMatchObject({ parameters: 'randomize=true' });
    const group = (name: string) => rows.find((r) => r.type === 'begin group' && r.name === name);
    expect(group('location')?.relevant).toBe("${CONSENT} = 'OK'");
    expect(group('campaign')?.relevant).toBe("${CONSENT} = 'OK' and ${CAMPAIGN_SEEN} = 'yes'");
    expect(group('immigration')?.['label::العربية (ar)']).toBe('الهجرة');
  });

  it("offers don't know and refused as choices where the question does, with the instrument's labels", () => {
    const choices = sheets.choices?.rows ?? [];
    const list = (name: string) => choices.filter((c) => c.list_name === name);
    expect(list('mig_level').map((c) => c.name)).toEqual([
      'present_level',
      'increased',
      'decreased',
      'dont_know',
      'refused',
    ]);
    expect(list('mig_level')[3]).toMatchObject({
      'label::English (en)': "Don't know",
      'label::Español (es)': 'No sabe',
    });
    expect(list('sex').map((c) => c.name)).toEqual(['female', 'male', 'refused']);
    const gbr = list('region').filter((c) => c.filter === 'gbr');
    expect(gbr.length).toBeGreaterThan(1);
    expect(gbr.every((c) => c.name?.startsWith('gbr_'))).toBe(true);
  });

  it('lists on standard error what ODK fields differently', () => {
    expect(stderr).toContain("note: question REGION: a pipe's fallback");
    expect(stderr).toContain('note: question AGE: refused cannot be offered on an integer question');
    expect(stderr).toContain('note: block acceptance: randomizeQuestions: ODK shows the questions in definition order');
    expect(stderr).toContain("note: question CAMPAIGN_WHERE: ODK's randomize=true shuffles anchored options too");
  });

  it('reads back (barometer import xlsform) as the same instrument: versions 1 and 2, same fingerprint', async () => {
    for (const v of ['1', '2']) {
      const file = path.join(dir, `round-trip-v${v}.xlsx`);
      expect(
        (await runCli(['export', 'xlsform', 'migration-perceptions', v, '--out', path.relative(root, file)])).code,
      ).toBe(0);
      const run = await runCli([
        'import',
        'xlsform',
        path.relative(root, file),
        '--study',
        `round-trip-v${v}`,
        '--definitions',
        dir,
      ]);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(
        `the imported instrument has the exported fingerprint ${instrumentFingerprint(version(v))}`,
      );
      const { studies, problems } = await loadStudies(path.join(dir, `round-trip-v${v}`));
      expect(problems).toEqual([]);
      const back = studies[0]?.study.instruments[0];
      if (!back) throw new Error('nothing imported');
      expect(instrumentFingerprint(back)).toBe(instrumentFingerprint(version(v)));
    }
  });

  it('refuses version 3, listing its message experiment, and writes nothing', async () => {
    const file = path.join(dir, 'mp-v3.xlsx');
    const run = await runCli(['export', 'xlsform', 'migration-perceptions', '3', '--out', path.relative(root, file)]);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe(
      "block message: message experiment MSG_ARM (each respondent sees one arm's questions) cannot be expressed in XLSForm",
    );
    expect(run.stderr).toContain(
      'migration-perceptions@3 cannot be written as XLSForm (1 line above); nothing written',
    );
    expect(existsSync(file)).toBe(false);
  });

  it('round-trips version 3 without its experiment: a grid, multiline text, exclusive and anchored options', async () => {
    const v3 = version('3');
    const instrument = defineInstrument({ ...v3, version: '3.1', blocks: v3.blocks.filter((b) => !b.experiment) });
    const result = xlsFormOf(instrument);
    if (!result.ok) throw new Error(result.refused.join('\n'));
    // The grid is a field-list group of one select_one per item, named CODE_ITEM, on one list.
    const survey = result.sheets.survey;
    const names = survey.map((r) => String(r[1]));
    const at = names.indexOf('SLOGAN_SEEN');
    expect(survey[at]?.[0]).toBe('begin group');
    expect(names.slice(at + 1, at + 5)).toEqual([
      'SLOGAN_SEEN_I_AM_A_MIGRANT_TOO',
      'SLOGAN_SEEN_MIGRATION_MEANS',
      'SLOGAN_SEEN_OPEN_HANDS',
      'SLOGAN_SEEN',
    ]);
    expect(survey[at + 1]?.[0]).toBe('select_one slogan_seen');
    const study = importXlsForm(await readWorkbook(await writeWorkbook(result.sheets)), 'v3-round-trip');
    expect(study.unsupported).toEqual([]);
    const folder = path.join(dir, 'v3-round-trip');
    mkdirSync(folder);
    const dslImport = path.relative(folder, path.join(root, 'src/instrument/index.ts')).split(path.sep).join('/');
    writeFileSync(path.join(folder, 'index.ts'), studySource(study, { source: 'v3.xlsx', dslImport }));
    const { studies, problems } = await loadStudies(folder);
    expect(problems).toEqual([]);
    const back = studies[0]?.study.instruments[0];
    if (!back) throw new Error('nothing imported');
    expect(instrumentFingerprint(back)).toBe(instrumentFingerprint(instrument));
  });

  it("carries interviewer instructions as guidance_hint (a grid's also in the barometer column), read back the same", async () => {
    const v3 = version('3');
    const say = Object.fromEntries(v3.languages.map((l) => [l.code, `Read out the options (${l.code}).`]));
    const instructed = new Set(['MIG_LEVEL', 'SLOGAN_SEEN']);
    const instrument = defineInstrument({
      ...v3,
      version: '3.2',
      blocks: v3.blocks
        .filter((b) => !b.experiment)
        .map((b) => ({
          ...b,
          questions: b.questions.map((q) => (instructed.has(q.code) ? { ...q, interviewerInstruction: say } : q)),
        })),
    });
    const result = xlsFormOf(instrument);
    if (!result.ok) throw new Error(result.refused.join('\n'));
    const [header = [], ...rows] = result.sheets.survey;
    const mig = rows.find((r) => r[header.indexOf('name')] === 'MIG_LEVEL');
    for (const l of v3.languages) {
      const column = header.findIndex(
        (h) => String(h).startsWith('guidance_hint::') && String(h).endsWith(`(${l.code})`),
      );
      expect(mig?.[column], l.code).toBe(`Read out the options (${l.code}).`);
    }
    const study = importXlsForm(await readWorkbook(await writeWorkbook(result.sheets)), 'instructed-round-trip');
    expect(study.unsupported).toEqual([]);
    const folder = path.join(dir, 'instructed-round-trip');
    mkdirSync(folder);
    const dslImport = path.relative(folder, path.join(root, 'src/instrument/index.ts')).split(path.sep).join('/');
    writeFileSync(path.join(folder, 'index.ts'), studySource(study, { source: 'v3.2.xlsx', dslImport }));
    const { studies, problems } = await loadStudies(folder);
    expect(problems).toEqual([]);
    const back = studies[0]?.study.instruments[0];
    if (!back) throw new Error('nothing imported');
    expect(instrumentFingerprint(back)).toBe(instrumentFingerprint(instrument));
  });

  it('names the argument that is wrong', async () => {
    const run = await runCli(['export', 'xlsform', 'migration-perceptions', '9']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'VERSION: study migration-perceptions has no instrument version "9" (versions: 1, 2, 3, 4)',
    );
  });
});
