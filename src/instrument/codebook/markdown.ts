/** The codebook as Markdown: one section per variable, wording in every language. */
import { labelsInOrder, type Codebook, type CodebookVariable } from './model.ts';
import type { Text } from '../text.ts';

/**
 * Text from the definition as Markdown text: HTML markup in it is escaped (as the HTML codebook
 * does), so a definition's `<script>` or `<img onerror>` is shown, never run, by a Markdown viewer
 * that passes raw HTML through. `&` first, so existing entities are shown as written.
 */
const mdText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cell = (s: string) => mdText(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function texts(book: Codebook, text: Text | undefined): string[] {
  return book.languages.map(
    (l) => `- **${l.code}**${l.dir === 'rtl' ? ' (rtl)' : ''}: ${mdText(text?.[l.code] ?? '')}`,
  );
}

function variable(book: Codebook, v: CodebookVariable): string {
  const lines = [
    `### ${v.name}`,
    '',
    `Question \`${v.question}\`${v.item ? `, item \`${v.item}\`` : ''} · kind \`${v.kind}\` · page \`${v.block}\` · ${v.required ? 'required' : 'optional'}`,
    '',
  ];
  lines.push('Wording:', '', ...texts(book, v.text), '');
  if (v.itemLabel) lines.push('Item:', '', ...texts(book, v.itemLabel), '');
  if (v.options.length > 0) {
    const langs = book.languages.map((l) => l.code);
    lines.push(`| code | value | ${langs.join(' | ')} |`, `| --- | --- | ${langs.map(() => '---').join(' | ')} |`);
    for (const o of v.options)
      lines.push(`| \`${o.code}\` | ${o.value ?? ''} | ${langs.map((l) => cell(o.label[l] ?? '')).join(' | ')} |`);
    lines.push('');
  }
  if (v.range)
    lines.push(`Range: ${v.range.min ?? '−∞'} to ${v.range.max ?? '∞'}${v.range.integer ? ', whole numbers' : ''}`, '');
  if (v.maxLength) lines.push(`Maximum length: ${v.maxLength} characters`, '');
  if (v.selections) lines.push(`Selections: ${v.selections.min} to ${v.selections.max}`, '');
  lines.push(
    `Missing codes: ${v.missing.map((m) => `\`${m.code}\`${m.label ? ` (${mdText(labelsInOrder(book, m.label).join(' / '))})` : ''}${m.system ? ' (system)' : ''}`).join(', ')}`,
    '',
  );
  lines.push(`Logic: ${mdText(v.logic ?? 'always asked')}`, '');
  lines.push(`Versions${v.seriesBreak ? ' (**series break**: the measurement changed between versions)' : ''}:`, '');
  for (const ver of v.versions)
    lines.push(`- \`${ver.instrument}\` — \`${ver.fingerprint}\` — waves: ${ver.waves.join(', ') || 'none'}`);
  return lines.join('\n');
}

export function renderMarkdown(book: Codebook): string {
  const en = (t: Text | undefined) => mdText(t?.[book.languages[0]?.code ?? 'en'] ?? '');
  const out = [`# Codebook: ${en(book.study.title)} (\`${book.study.id}\`)`, ''];
  if (book.study.description) out.push(en(book.study.description), '');
  out.push(`Languages: ${book.languages.map((l) => `${mdText(l.name)} (\`${l.code}\`, ${l.dir})`).join(', ')}`, '');
  out.push('## Instrument versions', '', '| version | fingerprint | waves |', '| --- | --- | --- |');
  for (const i of book.instruments) out.push(`| \`${i.ref}\` | \`${i.fingerprint}\` | ${i.waves.join(', ')} |`);
  out.push(
    '',
    '## Waves',
    '',
    '| wave | year | field period | status | instrument | countries |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const w of book.waves)
    out.push(
      `| \`${w.id}\` | ${w.year} | ${w.start} – ${w.end} | ${w.status} | \`${w.instrument}\` | ${w.countries.map((c) => c.iso3).join(' ')} |`,
    );
  out.push('', '## Variables', '');
  for (const v of book.variables) out.push(variable(book, v), '');
  out.push('## Indicators', '');
  for (const i of book.indicators)
    out.push(
      `### ${i.id}`,
      '',
      `${en(i.label)} (${i.kind})`,
      '',
      `- Definition: ${mdText(i.definition)}`,
      `- Base: ${mdText(i.base)}`,
      ...(i.seriesBreaks ?? []).map((b) => `- **Series break** from version ${b.version}: ${mdText(b.reason)}`),
      '',
    );
  out.push('## Weighting variables', '');
  for (const w of book.weighting) out.push(`- \`${w.name}\` from \`${w.question}\`: ${w.levels.join(', ')}`);
  return `${out.join('\n')}\n`;
}
