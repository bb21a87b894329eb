/**
 * Text a database can store. PostgreSQL refuses the NUL character in `text` and `jsonb`, and a
 * UTF-16 surrogate that is not half of a pair has no UTF-8 form (jsonb refuses its `\ud800`
 * escape). Such text is refused at the boundary, naming the field (`invalid_text`), so it never
 * reaches a statement whose failure would slow a whole batch and whose error carries the value.
 */

/** NUL, or a lone surrogate (`\p{Cs}` with the `u` flag matches only surrogates outside a pair). */
const unstorable = /\u0000|\p{Cs}/u;

export const unstorableTextMessage = 'contains a NUL character or an unpaired UTF-16 surrogate';

export function isStorableText(s: string): boolean {
  return !unstorable.test(s);
}

/**
 * The path (`['contacts', 3]`) of the first string or object key in a parsed JSON value that is
 * not storable text, or undefined when every one is.
 */
export function findUnstorableText(
  value: unknown,
  path: readonly (string | number)[] = [],
): (string | number)[] | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : [...path];
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, v] of Object.entries(value)) {
    if (!isStorableText(key)) return [...path, key];
    const found = findUnstorableText(v, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
