/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A tagged template whose interpolations are escaped unless wrapped in `raw()`. */
export interface RawHtml {
  readonly __html: string;
}
export function raw(html: string): RawHtml {
  return { __html: html };
}
function isRaw(v: unknown): v is RawHtml {
  return typeof v === 'object' && v !== null && '__html' in v && typeof v.__html === 'string';
}
export function html(strings: TemplateStringsArray, ...values: unknown[]): RawHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    const part = Array.isArray(v)
      ? v.map((x) => (isRaw(x) ? x.__html : escapeHtml(x))).join('')
      : isRaw(v)
        ? v.__html
        : v == null || v === false
          ? ''
          : escapeHtml(v);
    out += part + (strings[i + 1] ?? '');
  });
  return raw(out);
}
