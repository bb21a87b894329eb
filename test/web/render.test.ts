/**
 * Rendering and reading back every question kind, without a database: labels
 * and fieldsets, errors tied to their fields, hostile texts escaped, and form
 * fields turned into the answers the validator expects.
 */
import { describe, expect, it } from 'vitest';
import type { PageView } from '../../src/collection/schemas.ts';
import { questionPage } from '../../src/web/pages.ts';
import { answersFromForm } from '../../src/web/questions.ts';

const hostile = '<script>alert("x")</script>&';
const opt = (code: string, label: string, missing = false) => ({ code, label, missing });

const page: PageView = {
  blockId: 'all_kinds',
  title: `Every kind ${hostile}`,
  questions: [
    {
      code: 'PICK',
      kind: 'single',
      text: `Pick ${hostile}`,
      help: `Help ${hostile}`,
      required: true,
      options: [opt('a', `A ${hostile}`), opt('b', 'B'), opt('dont_know', "Don't know", true)],
      items: [],
      constraints: {},
    },
    {
      code: 'MANY',
      kind: 'multiple',
      text: 'Many',
      required: true,
      options: [opt('x', 'X'), opt('y', 'Y'), opt('dont_know', "Don't know", true)],
      items: [],
      constraints: { minSelections: 1 },
    },
    {
      code: 'NUM',
      kind: 'numeric',
      text: 'Number',
      required: true,
      options: [opt('refused', 'Prefer not', true)],
      items: [],
      unit: 'kg',
      constraints: { min: 1, max: 9, integer: true },
    },
    {
      code: 'SAY',
      kind: 'text',
      text: 'Say',
      required: false,
      options: [],
      items: [],
      constraints: { maxLength: 20, multiline: true },
    },
    {
      code: 'GRID',
      kind: 'grid',
      text: 'Grid',
      required: true,
      options: [opt('agree', 'Agree'), opt('disagree', 'Disagree'), opt('dont_know', "Don't know", true)],
      items: [
        { code: 'R1', label: `Row ${hostile}` },
        { code: 'R2', label: 'Row 2' },
      ],
      constraints: {},
    },
    {
      code: 'RANK',
      kind: 'ranking',
      text: 'Rank',
      required: true,
      options: [opt('p', 'P'), opt('q', 'Q'), opt('r', 'R')],
      items: [],
      constraints: {},
    },
    { code: 'OK', kind: 'consent', text: 'Agree?', required: true, options: [], items: [], constraints: {} },
    { code: 'NOTE', kind: 'info', text: `Note ${hostile}`, required: false, options: [], items: [], constraints: {} },
  ],
};

function render(
  values: Record<string, unknown>,
  errors: Record<string, { code: string; item?: string }> = {},
  lang = 'en',
  dir: 'ltr' | 'rtl' = 'ltr',
) {
  return questionPage({
    sessionId: '00000000-0000-4000-8000-000000000000',
    lang,
    dir,
    study: `Study ${hostile}`,
    page,
    position: { page: 2, share: 0.25 },
    values,
    errors,
    token: 't'.repeat(43),
    nonce: 'n'.repeat(22),
    canGoBack: true,
    review: false,
    submits: false,
  });
}

describe('question pages', () => {
  it('escapes every text from the instrument and every value from the respondent', () => {
    const html = render({ SAY: `</textarea>${hostile}`, NUM: '"><script>x</script>' });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('</textarea><script>');
    expect(html).not.toContain('"><script>x');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(html).toContain('&lt;/textarea&gt;');
    // The only script is the external one.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('ties labels, legends, help and errors to the controls', () => {
    const html = render(
      { PICK: 'a', MANY: ['x'], GRID: { R1: { missing: 'dont_know' } }, RANK: ['q', 'p'], OK: true },
      { PICK: { code: 'unknown_option' }, GRID: { code: 'required', item: 'R2' } },
    );
    expect(html).toContain('<fieldset class="q invalid" id="q-PICK" aria-describedby="q-PICK-help q-PICK-error"');
    expect(html).toMatch(/<legend>Pick [^<]*<\/legend><p class="help" id="q-PICK-help">/);
    expect(html).toContain('<p class="error" id="q-PICK-error">Choose one of the options shown.</p>');
    expect(html).toContain(
      '<input type="radio" id="q-PICK-0" name="q.PICK" value="a" checked aria-invalid="true"><label for="q-PICK-0">',
    );
    expect(html).toContain('value="missing:dont_know"');
    expect(html).toContain(
      '<input type="checkbox" id="q-MANY-2" name="q.MANY" value="missing:dont_know" data-missing>',
    );
    expect(html).toContain('<label class="qtext" for="q-NUM-0">Number</label>');
    expect(html).toContain('<textarea id="q-SAY-0" name="q.SAY" maxlength="20"></textarea>');
    expect(html).toContain('(Optional)');
    // Grid rows are fieldsets; the row in error is marked and the summary links to it.
    expect(html).toMatch(/<fieldset class="item" id="q-GRID-row-0"><legend><bdi>Row &lt;script/);
    expect(html).toContain('id="q-GRID-0-2" name="q.GRID.R1" value="missing:dont_know" checked>');
    expect(html).toContain('id="q-GRID-1-0" name="q.GRID.R2" value="agree" aria-invalid="true"');
    expect(html).toContain('href="#q-GRID-1-0"');
    expect(html).toContain('Answer every row.');
    // Ranking: one labelled select per option, showing the stored order.
    expect(html).toContain('<label for="q-RANK-1"><bdi>Q</bdi></label><select id="q-RANK-1" name="q.RANK.rank.q">');
    expect(html).toMatch(/name="q.RANK.rank.q">.*?<option value="1" selected>Rank 1<\/option>/);
    expect(html).toContain('id="q-OK-0" name="q.OK" value="true" checked');
    expect(html).toContain('<title>There is a problem: Every kind');
    // The page number without a total that could change, and a bar of the share of the whole survey behind.
    expect(html).toContain('<p id="progress-text">Page 2</p>');
    expect(html).toContain(
      '<progress max="100" value="25" aria-label="About 25% of the survey is behind you"></progress>',
    );
  });

  it('renders right to left with the words of the page in Arabic', () => {
    const html = render({}, { NUM: { code: 'out_of_range' } }, 'ar', 'rtl');
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('أدخل رقمًا من 1 إلى 9.');
    expect(html).toContain('>التالي</button>');
    expect(html).toContain('<p id="progress-text">الصفحة 2</p>');
  });

  it('gives error messages in French and Spanish too', () => {
    expect(render({}, { PICK: { code: 'required' } }, 'fr')).toContain('Répondez à cette question.');
    expect(render({}, { PICK: { code: 'required' } }, 'es')).toContain('Responda esta pregunta.');
  });
});

describe('reading a page form', () => {
  it('turns fields into answers: codes, missing codes, numbers, text, grid rows, ranks', () => {
    const { answers, errors } = answersFromForm(page, {
      'q.PICK': 'missing:dont_know',
      'q.MANY': ['x', 'y'],
      'q.NUM': ' 4,5 ',
      'q.SAY': '  hello ',
      'q.GRID.R1': 'agree',
      'q.GRID.R2': 'missing:dont_know',
      'q.RANK.rank.r': '1',
      'q.RANK.rank.p': '2',
      'q.RANK.rank.q': '',
      'q.OK': 'false',
      'q.NOTE': 'ignored',
      'q.UNKNOWN': 'ignored',
    });
    expect(errors).toEqual({});
    expect(answers).toEqual({
      PICK: { missing: 'dont_know' },
      MANY: ['x', 'y'],
      NUM: '4.5',
      SAY: '  hello ',
      GRID: { R1: 'agree', R2: { missing: 'dont_know' } },
      RANK: ['r', 'p'],
      OK: false,
    });
  });

  it('sends null for questions left empty, so an earlier answer is cleared', () => {
    const { answers } = answersFromForm(page, {});
    expect(answers).toEqual({ PICK: null, MANY: null, NUM: null, SAY: null, GRID: null, RANK: null, OK: null });
  });

  it('refuses "don\'t know" together with an answer, and two options at the same rank', () => {
    const { errors } = answersFromForm(page, {
      'q.MANY': ['x', 'missing:dont_know'],
      'q.NUM': '3',
      'q.NUM.missing': 'refused',
      'q.RANK.rank.p': '1',
      'q.RANK.rank.q': '1',
    });
    expect(errors).toEqual({
      MANY: { code: 'exclusive_conflict', item: 'dont_know' },
      NUM: { code: 'exclusive_conflict', item: 'refused' },
      RANK: { code: 'duplicate_selection' },
    });
    // The page comes back with every tick kept, "don't know" included.
    const refused = answersFromForm(page, {
      'q.MANY': ['x', 'missing:dont_know'],
      'q.NUM': '3',
      'q.NUM.missing': 'refused',
    });
    expect(refused.answers).toMatchObject({ MANY: ['x', 'dont_know'], NUM: { missing: 'refused', typed: '3' } });
    const shown = render(refused.answers, refused.errors);
    expect(shown).toMatch(/name="q.NUM" value="3"/);
    expect(shown).toMatch(/name="q.NUM.missing" value="refused" data-missing checked/);
    expect(answersFromForm(page, { 'q.MANY': 'missing:dont_know', 'q.NUM.missing': 'refused' }).answers).toMatchObject({
      MANY: { missing: 'dont_know' },
      NUM: { missing: 'refused' },
    });
  });
});
