/** Codebook rendering: `renderCodebook(study, format)`. */
import type { Study } from '../study.ts';
import { renderDdi } from './ddi.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import { buildCodebook } from './model.ts';

export { buildCodebook, type Codebook, type CodebookVariable } from './model.ts';

export const CODEBOOK_FORMATS = ['md', 'html', 'json', 'ddi'] as const;
export type CodebookFormat = (typeof CODEBOOK_FORMATS)[number];

export function isCodebookFormat(value: string): value is CodebookFormat {
  return CODEBOOK_FORMATS.some((f) => f === value);
}

/** The study's codebook as Markdown, HTML, JSON (the model) or DDI-Codebook 2.5 XML. */
export function renderCodebook(study: Study, format: CodebookFormat): string {
  const book = buildCodebook(study);
  switch (format) {
    case 'md':
      return renderMarkdown(book);
    case 'html':
      return renderHtml(book);
    case 'json':
      return `${JSON.stringify(book, null, 2)}\n`;
    case 'ddi':
      return renderDdi(book);
  }
}
