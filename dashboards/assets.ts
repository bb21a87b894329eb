/**
 * The dashboards' stylesheet and optional script, served from the same origin (the pages'
 * Content-Security-Policy allows nothing else) and copied into the static build. Their
 * addresses carry a hash of both, so browsers may cache them for long.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface Asset {
  readonly name: string;
  readonly body: string;
  readonly type: string;
}

const load = (name: string, type: string): Asset => ({
  name,
  type,
  body: readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8'),
});

export const ASSETS: readonly Asset[] = [
  load('dashboards.css', 'text/css; charset=utf-8'),
  load('dashboards.js', 'text/javascript; charset=utf-8'),
];

export const assetVersion = createHash('sha256')
  .update(ASSETS.map((a) => a.body).join('\n'))
  .digest('hex')
  .slice(0, 12);

export function asset(name: string): Asset | undefined {
  return ASSETS.find((a) => a.name === name);
}
