/**
 * The stylesheet and the enhancement script, served from this server (the
 * Content-Security-Policy allows nothing else). Their URLs carry a content
 * hash, so browsers may cache them for long.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

interface Asset {
  readonly body: string;
  readonly type: string;
  readonly url: string;
}

function load(name: string, type: string): Asset {
  const body = readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { body, type, url: `/assets/${name}?v=${hash}` };
}

const stylesheet = load('barometer.css', 'text/css; charset=utf-8');
const script = load('barometer.js', 'text/javascript; charset=utf-8');

/** Assets by file name: a Map, so names like `__proto__` or `constructor` find nothing. */
export const assets: ReadonlyMap<string, Asset> = new Map([
  ['barometer.css', stylesheet],
  ['barometer.js', script],
]);

export const stylesheetUrl = stylesheet.url;
export const scriptUrl = script.url;
