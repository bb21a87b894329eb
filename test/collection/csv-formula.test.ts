import { describe, expect, it } from 'vitest';
import { csvField, csvTable } from '../../src/formats/csv.ts';

/**
 * Free-text answers that a spreadsheet would run as a formula are defused with a leading "'"
 * (OWASP, "CSV Injection"): the plain triggers, their full-width forms, and triggers hidden
 * behind invisible first characters that a spreadsheet skips.
 */
describe('csvField formula defusal', () => {
  const hostile: [string, string][] = [
    ['=1+1', 'equals'],
    ['+1+1', 'plus'],
    ['-1+1', 'minus'],
    ['@SUM(A1)', 'at'],
    ['\t=1', 'tab'],
    ['\r=1', 'carriage return'],
    ['＝HYPERLINK("http://x")', 'full-width equals U+FF1D'],
    ['＋1', 'full-width plus U+FF0B'],
    ['－1', 'full-width minus U+FF0D'],
    ['＠SUM(A1)', 'full-width at U+FF20'],
    ['\u200B=1+1', 'zero-width space U+200B'],
    ['\u2060=1+1', 'word joiner U+2060'],
    ['\u00AD=1+1', 'soft hyphen U+00AD'],
    ['\u180E=1+1', 'Mongolian vowel separator U+180E'],
    ['\u202E=1+1', 'right-to-left override U+202E'],
    ['\u200B\u2060+1', 'two invisible characters before +'],
    ['\u00AD@A1', 'soft hyphen before @'],
    ['\u202E-1', 'override before -'],
    [' =1', 'space before ='],
  ];
  it.each(hostile)('defuses %j (%s)', (text) => {
    const out = csvField(text, true);
    // A quoted field holds the defused text between the quotes.
    const inner = out.startsWith('"') ? out.slice(1, -1).replace(/""/g, '"') : out;
    expect(inner).toBe(`'${text}`);
  });

  it.each(['hello', '1+1', 'a=b', 'e-mail', '\u200Bhello', ''])('leaves %j alone', (text) => {
    const out = csvField(text, true);
    const inner = out.startsWith('"') ? out.slice(1, -1).replace(/""/g, '"') : out;
    expect(inner).toBe(text);
  });

  it('leaves fields that are not free text alone (codes and numbers)', () => {
    expect(csvField('-1', false)).toBe('-1');
    expect(csvField(-3)).toBe('-3');
  });
});

/**
 * The one CSV writer every download uses (the dataset export, the indicator API, the dashboards):
 * RFC 4180 §2 by hand — CRLF after every record, a field with a quote, comma or line break (or
 * edge spaces, which readers trim) quoted with its quotes doubled; nothing for a missing value;
 * numbers as JavaScript writes them; a structured value as JSON.
 */
describe('csvTable', () => {
  it('writes the header and the rows as RFC 4180 records', () => {
    const table = csvTable(
      ['name', 'value', 'note', 'list'],
      [
        ['Côte d’Ivoire', 0.125, null, ['FRA', 'GBR']],
        ['Korea, Republic of', -0.5, 'said "no"', undefined],
        [' padded ', 1e-7, 'two\nlines', true],
      ],
    );
    expect(table).toBe(
      'name,value,note,list\r\n' +
        'Côte d’Ivoire,0.125,,"[""FRA"",""GBR""]"\r\n' +
        '"Korea, Republic of",-0.5,"said ""no""",\r\n' +
        '" padded ",1e-7,"two\nlines",true\r\n',
    );
  });
});
