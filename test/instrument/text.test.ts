import { describe, expect, it } from 'vitest';
import { ownEntry, textIn } from '../../src/instrument/index.ts';
import { messageIn, pageDir, pageWordsLang } from '../../src/web/messages.ts';

describe('translation lookups', () => {
  const text = { en: 'Hello', fr: 'Bonjour' };

  it('find a language the text has', () => {
    expect(textIn(text, 'fr')).toBe('Bonjour');
    expect(ownEntry(text, 'en')).toBe('Hello');
  });

  it("never answer with a member of the object's prototype", () => {
    for (const lang of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'zz1']) {
      expect(() => textIn(text, lang)).toThrow(`no "${lang}" translation`);
      expect(ownEntry(text, lang)).toBeUndefined();
      // The page words fall back to English rather than to Object.prototype.
      expect(messageIn(lang, 'skip')).toBe(messageIn('en', 'skip'));
      expect(pageWordsLang(lang)).toBe('en');
      expect(pageDir(lang)).toBe('ltr');
    }
  });
});
