/**
 * The one way HTML is written: hono's `html` tagged template (interpolated text escaped; nested
 * templates, `raw()` and arrays of either kept; null, undefined and booleans write nothing), made
 * synchronous: no page interpolates a promise. One escaper, hono's (`& < > " '`). The respondent
 * pages, the codebook and the dashboards all write HTML with it.
 */
import { html as honoHtml, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** A piece of HTML: escaped already, interpolated as it is. */
export type Html = HtmlEscapedString;
export { raw };

/** HTML from a template whose interpolations are escaped unless they are `Html` already. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = honoHtml(strings, ...values);
  if (out instanceof Promise) throw new Error('an HTML template was given a promise');
  return out;
}
