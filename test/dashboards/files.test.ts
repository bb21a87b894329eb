/**
 * The chart and data downloads, read back by other programs than the ones that wrote them: the
 * PNG by `pngcheck` (structure and checksums) and by this file's own reader of its text chunks,
 * its size against the SVG's; the ZIP by Python's `zipfile`. What they must say — the title, the
 * source, the citation — is taken from the page the reader downloaded them from.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { memorySource } from '../../dashboards/source.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';

const base = '/dashboards/migration-perceptions';
let app: ReturnType<typeof dashboardRoutes>;
const dir = mkdtempSync(join(tmpdir(), 'barometer-files-'));

beforeAll(async () => {
  const { study, data } = await flagshipFixture();
  app = dashboardRoutes({ source: memorySource([study], data) });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = async (path: string) => {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  return { res, body: new Uint8Array(await res.arrayBuffer()) };
};

/** What a reader sees next to a chart: its heading and the citation line under it. */
async function pageSays(lang: string, view: string): Promise<{ title: string; cite: string }> {
  const tab = view === 'map' || view === 'ranking' ? 'map/' : '';
  const html = await (await app.request(`${base}/${lang}/indicators/wantsDecrease/${tab}`)).text();
  const { document } = parseHTML(html);
  const section = document.querySelector(`section#${view}`);
  const cite = section?.querySelector('.cite');
  cite?.querySelector('button')?.remove();
  cite?.querySelector('strong')?.remove();
  return { title: section?.querySelector('h2')?.textContent ?? '', cite: (cite?.textContent ?? '').trim() };
}

/** PNG text chunks (iTXt without compression, tEXt), read per the PNG specification 11.3.4. */
function textChunks(png: Uint8Array): Map<string, string> {
  const buf = Buffer.from(png);
  const out = new Map<string, string>();
  for (let at = 8; at + 8 <= buf.length;) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    const nul = data.indexOf(0);
    if (type === 'iTXt') {
      expect(data[nul + 1], 'compression flag').toBe(0);
      const language = data.indexOf(0, nul + 3);
      const translated = data.indexOf(0, language + 1);
      out.set(data.toString('latin1', 0, nul), data.subarray(translated + 1).toString('utf8'));
    }
    if (type === 'tEXt') out.set(data.toString('latin1', 0, nul), data.toString('latin1', nul + 1));
    at += 12 + length;
  }
  return out;
}

/** pngcheck reads the PNGs when installed, or when required (REQUIRE_PNGCHECK=1, as in .ci/run: then it must be). */
const runPngcheck =
  spawnSync('pngcheck', [], { stdio: 'ignore' }).error === undefined || process.env.REQUIRE_PNGCHECK === '1';
if (!runPngcheck)
  process.stderr.write(
    '\n*** files.test: the pngcheck reading was SKIPPED (apt-get install -y pngcheck; REQUIRE_PNGCHECK=1). ***\n',
  );

describe('downloads', () => {
  it.each(['en', 'ar'])(
    'the PNG of a chart (%s) is a valid image twice the SVG’s size, titled, sourced and cited',
    async (lang) => {
      const { res, body } = await bytes(`${base}/${lang}/indicators/wantsDecrease/trend.png`);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('content-disposition')).toBe(
        'attachment; filename="migration-perceptions-wantsDecrease-trend.png"',
      );
      const file = join(dir, `trend-${lang}.png`);
      writeFileSync(file, body);
      if (runPngcheck) {
        const checked = execFileSync('pngcheck', ['-v', file], { encoding: 'utf8' });
        expect(checked).toMatch(/No errors detected|OK:/);
        for (const keyword of ['Title', 'Description', 'Source', 'Copyright'])
          expect(checked).toContain(`keyword: ${keyword}`);
      }
      const svg = await (await app.request(`${base}/${lang}/indicators/wantsDecrease/trend.svg`)).text();
      const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
      const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
      const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
      // IHDR: width and height at bytes 16–23.
      expect(Buffer.from(body).readUInt32BE(16)).toBe(Math.round(width * 2));
      expect(Buffer.from(body).readUInt32BE(20)).toBe(Math.round(height * 2));
      const said = await pageSays(lang, 'trend');
      const texts = textChunks(body);
      expect(texts.get('Title')).toBe(said.title);
      expect(texts.get('Copyright')).toContain(said.cite);
      expect(texts.get('Source')).toMatch(lang === 'en' ? /^Source: Barometer, “/ : /^المصدر: Barometer, “/);
      expect(texts.get('Description')).toContain(lang === 'en' ? 'Field period: 2022' : 'فترة الميدان');
    },
  );

  it('the ZIP of a view holds the data shown and one metadata file saying what they are', async () => {
    const { res, body } = await bytes(`${base}/en/indicators/wantsDecrease/ranking.zip`);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const file = join(dir, 'ranking.zip');
    writeFileSync(file, body);
    const listed = execFileSync(
      'python3',
      [
        '-c',
        'import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({n: z.read(n).decode("utf-8") for n in z.namelist()}))',
        file,
      ],
      { encoding: 'utf8' },
    );
    const files: unknown = JSON.parse(listed);
    if (typeof files !== 'object' || files === null) throw new Error('python printed no object');
    const entries = new Map(Object.entries(files));
    const name = 'migration-perceptions-wantsDecrease-ranking';
    expect([...entries.keys()]).toEqual([`${name}.csv`, `${name}-metadata.json`]);
    expect(entries.get(`${name}.csv`)).toBe(
      await (await app.request(`${base}/en/indicators/wantsDecrease/ranking.csv`)).text(),
    );
    const meta: unknown = JSON.parse(String(entries.get(`${name}-metadata.json`)));
    const series: unknown = await (await app.request(`${base}/series/wantsDecrease.json`)).json();
    expect(meta).toMatchObject({ view: { title: (await pageSays('en', 'ranking')).title, language: 'en' }, series });
  });

  it('a static site links the ZIP but no PNG (a static host renders nothing); the live pages link both', async () => {
    const live = await (await app.request(`${base}/en/indicators/wantsDecrease/`)).text();
    expect(live).toContain(`${base}/en/indicators/wantsDecrease/trend.png`);
    expect(live).toContain(`${base}/en/indicators/wantsDecrease/trend.zip`);
    const { study, data } = await flagshipFixture();
    const site = dashboardRoutes({ source: memorySource([study], data), isStatic: true });
    const page = await (await site.request(`${base}/en/indicators/wantsDecrease/`)).text();
    expect(page).not.toContain('.png');
    expect(page).toContain(`${base}/en/indicators/wantsDecrease/trend.zip`);
  });
});
