/**
 * The static site: the dashboards' own routes (in static mode: no query strings, no filter
 * forms) crawled from `/dashboards/`, every page and file they link to written under the output
 * folder at its own path (`…/` → `…/index.html`). Only same-site links are followed and every
 * one must answer 200, so the site is self-contained: no request leaves it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { dashboardRoutes } from './routes.ts';
import type { DashboardSource } from './source.ts';

export interface BuildResult {
  readonly files: number;
  readonly bytes: number;
  readonly pages: number;
}

const linkPattern = /\b(?:href|src)="([^"#]+)(?:#[^"]*)?"/g;

export async function buildStaticSite(
  source: DashboardSource,
  outDir: string,
  options: {
    base?: string;
    /** Called after each file written: files written so far and files found but not yet written. */
    onProgress?: (written: number, left: number) => void;
  } = {},
): Promise<BuildResult> {
  const base = options.base ?? '/dashboards';
  const app = dashboardRoutes({ source, base, isStatic: true });
  const root = resolve(outDir);
  const seen = new Set<string>([`${base}/`]);
  const queue = [`${base}/`];
  let bytes = 0;
  let pages = 0;
  while (queue.length) {
    const path = queue.shift() ?? '';
    const res = await app.request(path);
    if (res.status !== 200) throw new Error(`static build: ${path} answered ${res.status}`);
    const body = new Uint8Array(await res.arrayBuffer());
    const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    if (!file.startsWith(root + sep)) throw new Error(`static build: ${path} is outside the output folder`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, body);
    bytes += body.byteLength;
    options.onProgress?.(seen.size - queue.length, queue.length);
    if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) continue;
    pages += 1;
    for (const m of new TextDecoder().decode(body).matchAll(linkPattern)) {
      const href = (m[1] ?? '').replace(/&amp;/g, '&');
      if (!href.startsWith(`${base}/`) || seen.has(href)) continue;
      if (href.includes('?'))
        throw new Error(`static build: ${path} links to ${href}, which a static host cannot serve`);
      seen.add(href);
      queue.push(href);
    }
  }
  const redirect = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=.${base}/"><title>Barometer dashboards</title></head><body><p><a href=".${base}/">Barometer dashboards</a></p></body></html>`;
  await writeFile(join(root, 'index.html'), redirect);
  return { files: seen.size + 1, bytes, pages };
}
