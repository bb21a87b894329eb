/**
 * The codebook as DDI-Codebook 2.5 XML (namespace `ddi:codebook:2_5`). The element structure
 * produced is documented in docs/codebook.md and checked by test/instrument/codebook.test.ts:
 *
 * codeBook[@version=2.5, @ID]
 *   docDscr/citation/titlStmt/titl
 *   stdyDscr
 *     citation/titlStmt/(titl, IDNo)
 *     stdyInfo/sumDscr/(timePrd[@event=start|end, @date, @cycle]*, nation[@abbr]*, anlyUnit, universe)
 *     method/dataColl/(sampProc, collMode)   (the schema's order: sampProc first)
 *   dataDscr
 *     varGrp[@ID, @var]*               (one per page/block, then one per indicator)
 *     var[@ID, @name, @intrvl]*        (one per export column: the metadata columns, then the answers')
 *       labl[@xml:lang]*
 *       qstn[@responseDomainType]/(qstnLit[@xml:lang]*, ivuInstr?)
 *       valrng/range[@min, @max]?      (numeric)
 *       universe[@clusion=I]?          (logic in words)
 *       catgry[@missing=Y?]* containing (catValu, labl[@xml:lang]*)
 *       varFormat[@type, @schema=other]
 *       notes[@type=barometer:fingerprint, @subject=<instrument ref>]*   (one per version)
 */
import type { Codebook, CodebookVariable } from './model.ts';
import type { Text } from '../text.ts';
import type { ResponseMode } from '../modes.ts';
import { EXPORT_METADATA } from '../export-metadata.ts';

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const xmlId = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');

function langs(tag: string, book: Codebook, text: Text | undefined, indent: string): string[] {
  return book.languages.flatMap((l) => {
    const value = text?.[l.code];
    return value === undefined ? [] : [`${indent}<${tag} xml:lang="${escapeXml(l.code)}">${escapeXml(value)}</${tag}>`];
  });
}

const DOMAIN: Record<string, string> = {
  single: 'category',
  scale: 'category',
  grid: 'category',
  multiple: 'multiple',
  ranking: 'multiple',
  numeric: 'numeric',
  text: 'text',
  consent: 'category',
};

function variable(book: Codebook, v: CodebookVariable): string[] {
  const numeric = v.kind === 'numeric';
  const out = [
    `    <var ID="V_${xmlId(v.name)}" name="${escapeXml(v.name)}" intrvl="${numeric ? 'contin' : 'discrete'}">`,
  ];
  out.push(...langs('labl', book, v.itemLabel ?? v.text, '      '));
  out.push(
    `      <qstn responseDomainType="${DOMAIN[v.kind] ?? 'other'}">`,
    ...langs('qstnLit', book, v.itemLabel ? mergeItem(v.text, v.itemLabel) : v.text, '        '),
  );
  if (v.help) out.push(...langs('ivuInstr', book, v.help, '        '));
  out.push('      </qstn>');
  if (v.range)
    out.push(
      `      <valrng><range${v.range.min !== undefined ? ` min="${v.range.min}"` : ''}${v.range.max !== undefined ? ` max="${v.range.max}"` : ''}/></valrng>`,
    );
  if (v.logic) out.push(`      <universe clusion="I">${escapeXml(v.logic)}</universe>`);
  for (const o of v.options)
    out.push(
      '      <catgry>',
      `        <catValu>${escapeXml(o.code)}</catValu>`,
      ...langs('labl', book, o.label, '        '),
      '      </catgry>',
    );
  if (v.kind === 'consent')
    for (const c of ['true', 'false']) out.push('      <catgry>', `        <catValu>${c}</catValu>`, '      </catgry>');
  for (const m of v.missing) {
    out.push('      <catgry missing="Y">', `        <catValu>${escapeXml(m.code)}</catValu>`);
    if (m.label) out.push(...langs('labl', book, m.label, '        '));
    out.push('      </catgry>');
  }
  out.push(`      <varFormat type="${numeric ? 'numeric' : 'character'}" schema="other"/>`);
  for (const ver of v.versions)
    out.push(
      `      <notes type="barometer:fingerprint" subject="${escapeXml(ver.instrument)}">${escapeXml(`${ver.fingerprint}; waves: ${ver.waves.join(', ') || 'none'}`)}</notes>`,
    );
  if (v.seriesBreak)
    out.push('      <notes type="barometer:series-break">The measurement changed between instrument versions.</notes>');
  out.push('    </var>');
  return out;
}

function mergeItem(text: Text, item: Text): Text {
  return Object.fromEntries(Object.entries(text).map(([l, t]) => [l, `${t} — ${item[l] ?? ''}`]));
}

/** The modes of the waves, and where a country is fielded otherwise, that country's (`wave: ISO3 mode`). */
function collectionModes(book: Codebook): string {
  const modes = [...new Set(book.waves.map((w) => w.mode))].join(', ');
  const own = book.waves.flatMap((w) =>
    w.countries.filter((c) => c.mode !== w.mode).map((c) => `${w.id}: ${c.iso3} ${c.mode}`),
  );
  return own.length === 0 ? modes : `${modes} (${own.join('; ')})`;
}

/** The label of the export's `mode` column, in the languages Barometer's own pages speak. */
const MODE_LABEL: Text = {
  en: 'Mode of collection',
  fr: 'Mode de collecte',
  es: 'Modo de recolección',
  ar: 'أسلوب جمع البيانات',
};
const MODE_CATEGORIES: readonly { code: ResponseMode; label: Text }[] = [
  {
    code: 'web',
    label: {
      en: 'Web (self-administered)',
      fr: 'Web (auto-administré)',
      es: 'Web (autoadministrado)',
      ar: 'الويب (ذاتي)',
    },
  },
  {
    code: 'phone',
    label: {
      en: 'Telephone interview',
      fr: 'Entretien téléphonique',
      es: 'Entrevista telefónica',
      ar: 'مقابلة هاتفية',
    },
  },
  {
    code: 'face_to_face',
    label: {
      en: 'Face-to-face interview',
      fr: 'Entretien en face à face',
      es: 'Entrevista cara a cara',
      ar: 'مقابلة وجهاً لوجه',
    },
  },
];

/**
 * The export's metadata columns (export-metadata.ts), before the answers': `mode` with its label and
 * categories in the languages Barometer's own pages speak; the others labelled as the export
 * labels them (its interviewer is never exported).
 */
function metadataVariables(book: Codebook): string[] {
  const labels = (text: Text, indent: string) => {
    const own = langs('labl', book, text, indent);
    return own.length > 0 ? own : [`${indent}<labl xml:lang="en">${escapeXml(text.en ?? '')}</labl>`];
  };
  return EXPORT_METADATA.flatMap((column) => {
    const mode = column.name === 'mode';
    const categories: readonly { code: string; label?: Text }[] = mode
      ? MODE_CATEGORIES
      : 'values' in column
        ? column.values.map((code) => ({ code }))
        : [];
    return [
      `    <var ID="V_${column.name}" name="${column.name}" intrvl="${column.format === 'numeric' ? 'contin' : 'discrete'}">`,
      ...(mode ? labels(MODE_LABEL, '      ') : [`      <labl xml:lang="en">${escapeXml(column.label)}</labl>`]),
      ...categories.flatMap((c) => [
        '      <catgry>',
        `        <catValu>${escapeXml(c.code)}</catValu>`,
        ...(c.label ? labels(c.label, '        ') : []),
        '      </catgry>',
      ]),
      `      <varFormat type="${column.format}" schema="other"/>`,
      '    </var>',
    ];
  });
}

export function renderDdi(book: Codebook): string {
  const first = book.languages[0]?.code ?? 'en';
  const title = book.study.title[first] ?? book.study.id;
  const blocks = [...new Set(book.variables.map((v) => v.block))];
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<codeBook xmlns="ddi:codebook:2_5" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="ddi:codebook:2_5 http://www.ddialliance.org/Specification/DDI-Codebook/2.5/XMLSchema/codebook.xsd" version="2.5" ID="${xmlId(book.study.id)}" xml:lang="${escapeXml(first)}">`,
    '  <docDscr>',
    '    <citation>',
    `      <titlStmt><titl>${escapeXml(`Codebook: ${title}`)}</titl></titlStmt>`,
    '    </citation>',
    '  </docDscr>',
    '  <stdyDscr>',
    '    <citation>',
    '      <titlStmt>',
    ...langs('titl', book, book.study.title, '        ').slice(0, 1),
    `        <IDNo>${escapeXml(book.study.id)}</IDNo>`,
    '      </titlStmt>',
    '    </citation>',
    '    <stdyInfo>',
    '      <sumDscr>',
    ...book.waves.flatMap((w) => [
      `        <timePrd event="start" date="${w.start}" cycle="${escapeXml(w.id)}"/>`,
      `        <timePrd event="end" date="${w.end}" cycle="${escapeXml(w.id)}"/>`,
    ]),
    ...[...new Map(book.waves.flatMap((w) => w.countries).map((c) => [c.iso3, c])).values()].map(
      (c) => `        <nation abbr="${c.iso3}">${escapeXml(c.name)}</nation>`,
    ),
    '        <anlyUnit>individual</anlyUnit>',
    '        <universe>Residents aged 15 and over</universe>',
    '      </sumDscr>',
    '    </stdyInfo>',
    '    <method>',
    '      <dataColl>',
    `        <sampProc>${escapeXml(book.waves.map((w) => `${w.id}: ${w.countries.map((c) => `${c.iso3} ${c.targetCompletes}`).join(', ')}`).join('; '))}</sampProc>`,
    `        <collMode>${escapeXml(collectionModes(book))}</collMode>`,
    '      </dataColl>',
    '    </method>',
    '  </stdyDscr>',
    '  <dataDscr>',
    ...blocks.map(
      (b) =>
        `    <varGrp ID="G_${xmlId(b)}" type="section" var="${book.variables
          .filter((v) => v.block === b)
          .map((v) => `V_${xmlId(v.name)}`)
          .join(' ')}"><labl>${escapeXml(b)}</labl></varGrp>`,
    ),
    ...book.indicators.map((i) => {
      const vars = book.variables.filter((v) => i.definition.includes(v.question)).map((v) => `V_${xmlId(v.name)}`);
      return `    <varGrp ID="I_${xmlId(i.id)}" type="other" var="${vars.join(' ')}"><labl>${escapeXml(i.label[first] ?? i.id)}</labl><defntn>${escapeXml(`${i.definition}. Base: ${i.base}`)}</defntn></varGrp>`;
    }),
    ...metadataVariables(book),
    ...book.variables.flatMap((v) => variable(book, v)),
    '  </dataDscr>',
    '</codeBook>',
  ];
  return `${out.join('\n')}\n`;
}
