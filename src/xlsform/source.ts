/**
 * An imported study → the TypeScript of its study folder (`survey-definitions/<id>/index.ts`),
 * written with the public DSL as a person would: `defineStudy` around one `defineInstrument`.
 * Rows that were skipped (`--skip-unsupported`) and notes are listed in the header comment.
 */
import type { ImportedStudy } from './import-form.ts';
import { formatUnsupported } from './form.ts';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function quote(text: string): string {
  return `'${text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}'`;
}

/** A JSON-like value as a TypeScript literal, two-space indented, keys unquoted where they can be. */
export function literal(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (value === null || value === undefined) return 'undefined';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => literal(v, inner));
    const flat = `[${items.join(', ')}]`;
    if (flat.length + indent.length < 100 && !flat.includes('\n')) return flat;
    return `[\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const parts = entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : quote(k)}: ${literal(v, inner)}`);
    const flat = `{ ${parts.join(', ')} }`;
    if (flat.length + indent.length < 100 && !flat.includes('\n')) return flat;
    return `{\n${parts.map((p) => `${inner}${p},`).join('\n')}\n${indent}}`;
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
    `  title: ${literal(study.title, '  ')},`,
    '  instruments: [instrument],',
    '});',
    '',
  ].join('\n');
}
