import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { CODEBOOK_FORMATS, buildCodebook, exportColumns, renderCodebook } from '../../src/instrument/index.ts';
import study from '../../survey-definitions/migration-perceptions/index.ts';
import { renderMarkdown } from '../../src/instrument/codebook/markdown.ts';
import { runCli } from './cli-io.ts';

const columns = [...new Set(study.instruments.flatMap((i) => exportColumns(i).map((c) => c.name)))];

describe('codebook of the flagship study', () => {
  it('json: every variable with wording per language, options, missing codes, logic, versions and waves', () => {
    const book = JSON.parse(renderCodebook(study, 'json'));
    expect(book).toEqual(JSON.parse(JSON.stringify(buildCodebook(study))));
    expect(book.variables.map((v: { name: string }) => v.name).sort()).toEqual([...columns].sort());
    const mig = book.variables.find((v: { name: string }) => v.name === 'MIG_LEVEL');
    expect(Object.keys(mig.text)).toEqual(['en', 'fr', 'es', 'ar']);
    expect(mig.options.map((o: { code: string }) => o.code)).toEqual(['present_level', 'increased', 'decreased']);
    expect(mig.missing.map((m: { code: string }) => m.code)).toEqual([
      'dont_know',
      'refused',
      'not_asked',
      'break_off',
    ]);
    expect(mig.logic).toBe('asked when CONSENT is true');
    expect(mig.versions.map((v: { instrument: string; waves: string[] }) => [v.instrument, v.waves])).toEqual([
      ['migration-perceptions@1', ['mp-2022']],
      ['migration-perceptions@2', ['mp-2024']],
      ['migration-perceptions@3', ['mp-2026']],
      ['migration-perceptions@4', ['mp-2028']],
    ]);
    expect(mig.seriesBreak).toBe(false);
    const campaign = book.variables.find((v: { name: string }) => v.name === 'CAMPAIGN_WHERE');
    expect(campaign.logic).toBe('asked when all of (CONSENT is true; CAMPAIGN_SEEN is “Yes”)');
    expect(campaign.versions.map((v: { instrument: string }) => v.instrument)).toEqual([
      'migration-perceptions@2',
      'migration-perceptions@3',
      'migration-perceptions@4',
    ]);
    expect(book.indicators.map((i: { id: string }) => i.id)).toEqual([
      'wantsDecrease',
      'wantsIncrease',
      'wantsKept',
      'migrantAcceptanceIndex',
      'campaignAware',
      'saysImmigrantsMakeBetter',
      'perceivedMigrantShare',
      'migrantShareGap',
      'overestimatesMigrantShare',
    ]);
  });

  it('json: the perception question with its range, missing codes and version, and the gap indicators with their bases', () => {
    const book = JSON.parse(renderCodebook(study, 'json'));
    const guess = book.variables.find((v: { name: string }) => v.name === 'MIG_SHARE_GUESS');
    expect(Object.keys(guess.text)).toEqual(['en', 'fr', 'es', 'ar']);
    expect(guess.text.en).toBe(
      'Out of every 100 people living in {{COUNTRY|your country}}, about how many do you think were born in another country?',
    );
    expect(guess.missing.map((m: { code: string }) => m.code)).toEqual([
      'dont_know',
      'refused',
      'not_asked',
      'break_off',
    ]);
    expect(guess.versions.map((v: { instrument: string }) => v.instrument)).toEqual(['migration-perceptions@4']);
    const gap = book.indicators.find((i: { id: string }) => i.id === 'migrantShareGap');
    expect(gap.definition).toMatch(/^MIG_SHARE_GUESS minus the foreignBornShare figure .*latest estimate at or before/);
    expect(gap.base).toMatch(/don't know and refused excluded/);
  });

  it('md: sections per variable with every language and the fingerprints', () => {
    const md = renderCodebook(study, 'md');
    for (const name of columns) expect(md).toContain(`### ${name}\n`);
    expect(md).toContain('- **ar** (rtl): برأيك، هل ينبغي إبقاء الهجرة');
    expect(md).toMatch(/`migration-perceptions@2` — `sha256:[0-9a-f]{64}` — waves: mp-2024/);
    expect(md).toContain('Base: respondents asked MIG_LEVEL with a substantive answer');
  });

  it('md: raw HTML in definitions is escaped (shown as text by a viewer that passes HTML through)', () => {
    const book = buildCodebook(study);
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)> & co';
    const target = book.variables.find((v) => v.options.length > 0);
    const [indicator, ...others] = book.indicators;
    if (target === undefined || indicator === undefined) throw new Error('the flagship has options and indicators');
    const hostile = {
      ...target,
      text: { ...target.text, en: evil },
      options: target.options.map((o) => ({ ...o, label: { ...o.label, en: evil } })),
      logic: evil,
    };
    const md = renderMarkdown({
      ...book,
      study: { ...book.study, title: { ...book.study.title, en: evil }, description: { en: evil } },
      variables: book.variables.map((v) => (v === target ? hostile : v)),
      indicators: [{ ...indicator, label: { ...indicator.label, en: evil }, definition: evil, base: evil }, ...others],
    });
    expect(md).not.toMatch(/<script|<img/);
    const shown = '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &amp; co';
    expect(md).toContain(`# Codebook: ${shown} (`);
    expect(md).toContain(`- **en**: ${shown}\n`);
    expect(md).toContain(`Logic: ${shown}\n`);
    expect(md).toContain(`- Definition: ${shown}\n- Base: ${shown}\n`);
    expect(md).toContain(`| ${shown} |`);
  });

  it('html: a page whose Arabic texts are marked right-to-left and whose content is escaped', () => {
    const html = renderCodebook(study, 'html');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<dd lang="ar" dir="rtl">');
    expect(html).toContain('id="var-MAI_MARRY"');
    expect(html).toContain('Cette enquête porte sur la façon dont les gens perçoivent l&#39;immigration');
    expect(html).not.toMatch(/<dd[^>]*>[^<]*"[^<]*<\/dd>/);
  });

  it('html: a viewport, a table of contents and the sections of the Markdown codebook', () => {
    const html = renderCodebook(study, 'html');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    const headings = [...html.matchAll(/<h2 id="([a-z-]+)">([^<]+)<\/h2>/g)].map((m) => m[2]);
    expect(headings).toEqual([
      'Contents',
      'Study',
      'Languages',
      'Instrument versions',
      'Waves',
      'Variables',
      'Indicators',
      'Weighting variables',
    ]);
    for (const id of ['study', 'languages', 'instruments', 'waves', 'variables', 'indicators', 'weighting'])
      expect(html).toContain(`<a href="#${id}">`);
    // The study's description, its languages, each wave's status, the weighting variables.
    const first = study.instruments[0]?.languages[0]?.code ?? 'en';
    const description = study.description?.[first] ?? '';
    expect(description).not.toBe('');
    expect(html).toContain(description.replace(/'/g, '&#39;'));
    expect(html).toContain('<span lang="ar" dir="rtl">العربية</span> (<code>ar</code>, right to left)');
    for (const w of study.waves)
      expect(html).toMatch(new RegExp(`<code>${w.id}</code></td><td>${w.year}</td>.*?<td>${w.status}</td>`));
    for (const v of study.weightingVariables)
      expect(html).toContain(`<li><code>${v.name}</code> from <code>${v.question}</code>: `);
  });

  describe('ddi: DDI-Codebook 2.5 XML', () => {
    const xml = renderCodebook(study, 'ddi');
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (name) =>
        ['var', 'varGrp', 'labl', 'qstnLit', 'catgry', 'notes', 'nation', 'timePrd', 'titl'].includes(name),
    }).parse(xml);
    const ordered: unknown[] = new XMLParser({ preserveOrder: true, ignoreAttributes: true }).parse(xml);

    const childNames = (nodes: unknown): string[] =>
      Array.isArray(nodes)
        ? nodes.flatMap((n) =>
            typeof n === 'object' && n !== null ? Object.keys(n).filter((k) => k !== '#text' && k !== ':@') : [],
          )
        : [];
    const childrenOf = (nodes: unknown, name: string): unknown => {
      if (!Array.isArray(nodes)) return undefined;
      const node: unknown = nodes.find((n) => typeof n === 'object' && n !== null && name in n);
      return typeof node === 'object' && node !== null && name in node
        ? Object.entries(node).find(([k]) => k === name)?.[1]
        : undefined;
    };

    it('is well-formed XML', () => {
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<codeBook xmlns="ddi:codebook:2_5"')).toBe(true);
    });

    it('has the documented top-level structure, in order', () => {
      const root = childrenOf(ordered, 'codeBook');
      expect(childNames(root)).toEqual(['docDscr', 'stdyDscr', 'dataDscr']);
      expect(childNames(childrenOf(root, 'stdyDscr'))).toEqual(['citation', 'stdyInfo', 'method']);
      const cb = parsed.codeBook;
      expect(cb['@version']).toBe('2.5');
      expect(cb['@ID']).toBe('migration-perceptions');
      expect(cb.stdyDscr.citation.titlStmt.IDNo).toBe('migration-perceptions');
      expect(cb.stdyDscr.stdyInfo.sumDscr.timePrd).toHaveLength(8);
      expect(cb.stdyDscr.stdyInfo.sumDscr.nation.map((n: Record<string, string>) => n['@abbr'])).toHaveLength(51);
    });

    it('has one var per export column, each with the documented children in DDI order', () => {
      const vars: Record<string, unknown>[] = parsed.codeBook.dataDscr.var;
      // The export's metadata columns first (as a CSV export's header starts), then the answers' columns.
      const metadata = [
        'response_id',
        'session_id',
        'status',
        'language',
        'languages',
        'instrument_version',
        'fingerprint',
        'started_at',
        'submitted_at',
        'duration_seconds',
        'device_class',
        'mode',
      ];
      expect(vars.map((v) => v['@name'])).toEqual([...metadata, ...buildCodebook(study).variables.map((v) => v.name)]);
      const mode = vars.find((v) => v['@name'] === 'mode');
      const modeCats = Array.isArray(mode?.catgry) ? mode.catgry : [];
      expect(modeCats.map((c: Record<string, string>) => c.catValu)).toEqual(['web', 'phone', 'face_to_face']);
      const order = ['labl', 'qstn', 'valrng', 'universe', 'catgry', 'varFormat', 'notes'];
      const dataDscr = childrenOf(childrenOf(ordered, 'codeBook'), 'dataDscr');
      expect(
        childNames(dataDscr)
          .filter((n) => n !== 'var')
          .every((n) => n === 'varGrp'),
      ).toBe(true);
      expect(childNames(dataDscr).lastIndexOf('varGrp')).toBeLessThan(childNames(dataDscr).indexOf('var'));
      const varNodes = Array.isArray(dataDscr)
        ? dataDscr.filter((n) => typeof n === 'object' && n !== null && 'var' in n)
        : [];
      for (const node of varNodes) {
        const names = childNames(childrenOf([node], 'var'));
        const positions = names.map((n) => order.indexOf(n));
        expect(positions.every((p) => p >= 0)).toBe(true);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      }
    });

    it('carries wording in every language, categories with missing flags, ranges and fingerprints', () => {
      const vars: Record<string, unknown>[] = parsed.codeBook.dataDscr.var;
      const mig = vars.find((v) => v['@name'] === 'MIG_LEVEL');
      expect(mig).toMatchObject({
        '@ID': 'V_MIG_LEVEL',
        '@intrvl': 'discrete',
        qstn: { '@responseDomainType': 'category' },
      });
      const qstn = mig?.qstn;
      const literals =
        typeof qstn === 'object' && qstn !== null && 'qstnLit' in qstn && Array.isArray(qstn.qstnLit)
          ? qstn.qstnLit
          : [];
      expect(literals.map((l: Record<string, string>) => l['@xml:lang'])).toEqual(['en', 'fr', 'es', 'ar']);
      const cats = Array.isArray(mig?.catgry) ? mig.catgry : [];
      expect(cats.map((c: Record<string, string>) => [c.catValu, c['@missing'] ?? 'N'])).toEqual([
        ['present_level', 'N'],
        ['increased', 'N'],
        ['decreased', 'N'],
        ['dont_know', 'Y'],
        ['refused', 'Y'],
        ['not_asked', 'Y'],
        ['break_off', 'Y'],
      ]);
      const notes = Array.isArray(mig?.notes) ? mig.notes : [];
      expect(notes.map((n: Record<string, string>) => [n['@type'], n['@subject']])).toEqual([
        ['barometer:fingerprint', 'migration-perceptions@1'],
        ['barometer:fingerprint', 'migration-perceptions@2'],
        ['barometer:fingerprint', 'migration-perceptions@3'],
        ['barometer:fingerprint', 'migration-perceptions@4'],
      ]);
      const guess = vars.find((v) => v['@name'] === 'MIG_SHARE_GUESS');
      expect(guess).toMatchObject({
        '@intrvl': 'contin',
        valrng: { range: { '@min': '0', '@max': '100' } },
        varFormat: { '@type': 'numeric', '@schema': 'other' },
      });
      const guessCats = Array.isArray(guess?.catgry) ? guess.catgry : [];
      expect(guessCats.map((c: Record<string, string>) => [c.catValu, c['@missing'] ?? 'N'])).toEqual([
        ['dont_know', 'Y'],
        ['refused', 'Y'],
        ['not_asked', 'Y'],
        ['break_off', 'Y'],
      ]);
      const age = vars.find((v) => v['@name'] === 'AGE');
      expect(age).toMatchObject({
        '@intrvl': 'contin',
        valrng: { range: { '@min': '15', '@max': '120' } },
        varFormat: { '@type': 'numeric', '@schema': 'other' },
      });
      expect(vars.find((v) => v['@name'] === 'REGION')?.universe).toMatchObject({
        // v4 asks REGION only of respondents who gave a country of the study.
        '#text': expect.stringMatching(/^asked when CONSENT is true and .*COUNTRY/),
        '@clusion': 'I',
      });
    });
  });

  it('barometer codebook renders every format and writes --out', async () => {
    for (const format of CODEBOOK_FORMATS) {
      const result = await runCli(['codebook', 'migration-perceptions', '--format', format]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(renderCodebook(study, format));
    }
    const out = join(mkdtempSync(join(tmpdir(), 'codebook-')), 'mp.xml');
    const written = await runCli([
      'codebook',
      'survey-definitions/migration-perceptions',
      '--format',
      'ddi',
      '--out',
      out,
    ]);
    expect(written.code).toBe(0);
    expect(XMLValidator.validate(readFileSync(out, 'utf8'))).toBe(true);
  });

  it('barometer codebook refuses unknown formats and studies', async () => {
    expect(await runCli(['codebook', 'migration-perceptions', '--format', 'pdf'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown format "pdf"'),
    });
    expect(await runCli(['codebook', 'nope'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no valid study "nope"'),
    });
    expect(await runCli(['codebook', 'test/instrument/fixtures/cycle'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('circular logic'),
    });
  });
});
