/**
 * An imported study → the TypeScript of its study folder (`survey-definitions/<id>/index.ts`),
 * written with the public DSL as a person would: `defineStudy` around one `defineInstrument`.
 * Rows that were skipped (`--skip-unsupported`) and notes are listed in the header comment.
 */
import type { ImportedStudy } from './import-form.ts';
import { formatUnsupported } from './form.ts';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal as prettier writes it: single quotes, unless the text has more of them than double. */
function quote(text: string): string {
  const q = (text.match(/'/g) ?? []).length > (text.match(/"/g) ?? []).length ? '"' : "'";
  return `${q}${text
    .replace(/\\/g, '\\\\')
    .replace(q === "'" ? /'/g : /"/g, `\\${q}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}${q}`;
}

const WIDTH = 120;

/**
 * A JSON-like value as a TypeScript literal laid out as prettier lays it out (120 columns, two
 * spaces): flat when the line fits, else one member per line. `prefix` is how many characters
 * precede the value on its line after the indentation (`key: `).
 */
export function literal(value: unknown, indent = '', prefix = 0): string {
  const inner = `${indent}  `;
  if (value === null || value === undefined) return 'undefined';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const fits = (flat: string) => !flat.includes('\n') && indent.length + prefix + flat.length + 1 <= WIDTH;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const flat = `[${value.map((v) => literal(v, inner)).join(', ')}]`;
    // Prettier breaks an array of several objects (or arrays) that each have more than one member.
    const members = (v: unknown) => (typeof v === 'object' && v !== null ? Object.keys(v).length : 0);
    const objects = value.length > 1 && value.every((v) => members(v) > 1);
    if (!objects && fits(flat)) return flat;
    return `[\n${value.map((v) => `${inner}${literal(v, inner)},`).join('\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const key = (k: string) => (IDENTIFIER.test(k) ? k : quote(k));
    const flat = `{ ${entries.map(([k, v]) => `${key(k)}: ${literal(v, inner)}`).join(', ')} }`;
    if (fits(flat)) return flat;
    const lines = entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner, key(k).length + 2)},`);
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
  return 'undefined';
}

function commentLines(title: string, lines: readonly string[]): string[] {
  if (lines.length === 0) return [];
  return [` *`, ` * ${title}`, ...lines.map((l) => ` * - ${l.replace(/\*\//g, '* /')}`)];
}

/**
 * The study folder's `index.ts`. `dslImport` is the path from the folder to the DSL's public
 * entry (`../../src/instrument/index.ts` for `survey-definitions/<id>/`).
 */
export function studySource(study: ImportedStudy, options: { source: string; dslImport: string }): string {
  const header = [
    '/**',
    ` * ${study.studyId}: imported from the XLSForm ${options.source.replace(/\*\//g, '* /')} by barometer import xlsform.`,
    ...commentLines(
      'Not imported (unsupported by Barometer; --skip-unsupported):',
      study.unsupported.map(formatUnsupported),
    ),
    ...commentLines('Imported with a change:', study.notes.map(formatUnsupported)),
    ' */',
  ];
  return [
    ...header,
    `import { defineInstrument, defineStudy } from ${quote(options.dslImport)};`,
    '',
    `export const instrument = defineInstrument(${literal(study.instrument)});`,
    '',
    'export default defineStudy({',
    `  id: ${quote(study.studyId)},`,
    `  title: ${literal(study.title, '  ', 'title: '.length)},`,
    '  instruments: [instrument],',
    '});',
    '',
  ].join('\n');
}
