/**
 * One question as form controls, and the form fields read back into answers.
 *
 * Field names: `q.CODE` (the answer: option code(s), number, text, true/false),
 * `q.CODE.ITEM` (a grid row), `q.CODE.rank.OPTION` (a ranking position), and
 * `q.CODE.missing` (the "don't know"/"prefer not to answer" box of a numeric,
 * text or ranking question). Missing codes chosen among the options of a
 * choice question are sent as `{ missing }`, so every kind reads them alike.
 *
 * Accessibility: choice groups, grids and rankings are fieldsets with a legend;
 * single inputs have a label; help and error texts are tied with
 * aria-describedby; invalid controls carry aria-invalid.
 */
import type { PageView } from '../collection/schemas.ts';
import { html, raw, type Html } from '../html.ts';
import { messageIn } from './messages.ts';

export type PageQuestion = PageView['questions'][number];

/** A per-question problem to show next to it: the validator's code and, for grids, the row. */
export interface FieldError {
  readonly code: string;
  readonly item?: string | undefined;
  readonly message?: string | undefined;
}

function num(q: PageQuestion, key: string): number | undefined {
  const v = q.constraints[key];
  return typeof v === 'number' ? v : undefined;
}

/** The respondent-facing text of an error, in their language. */
export function errorText(lang: string, q: PageQuestion, e: FieldError): string {
  switch (e.code) {
    case 'required':
      return messageIn(lang, q.kind === 'grid' ? 'err.required_item' : 'err.required');
    case 'wrong_type':
      if (q.kind === 'numeric')
        return messageIn(lang, /whole/.test(e.message ?? '') ? 'err.whole_number' : 'err.wrong_number');
      return messageIn(lang, 'err.wrong_type');
    case 'out_of_range': {
      const min = num(q, 'min');
      const max = num(q, 'max');
      return min !== undefined && max !== undefined
        ? messageIn(lang, 'err.out_of_range', { min, max })
        : messageIn(lang, 'err.invalid');
    }
    case 'too_long':
      return messageIn(lang, 'err.too_long', { max: num(q, 'maxLength') ?? '' });
    case 'too_many_selections':
      return messageIn(lang, 'err.too_many_selections', { max: num(q, 'maxSelections') ?? num(q, 'maxRanked') ?? '' });
    case 'too_few_selections':
      return messageIn(lang, 'err.too_few_selections', { min: num(q, 'minSelections') ?? num(q, 'minRanked') ?? 1 });
    case 'duplicate_selection':
      return messageIn(lang, 'err.duplicate_selection');
    case 'exclusive_conflict': {
      const option = q.options.find((o) => o.code === e.item);
      return option
        ? messageIn(lang, 'err.exclusive_with', { option: option.label })
        : messageIn(lang, 'err.exclusive_conflict');
    }
    case 'unknown_option':
    case 'missing_not_offered':
      return messageIn(lang, 'err.unknown_option');
    default:
      return messageIn(lang, 'err.invalid');
  }
}

/** The id of the control an error summary link should move focus to. */
export function firstControlId(q: PageQuestion, e: FieldError | undefined): string {
  if (q.kind === 'grid') {
    const row = q.items.findIndex((i) => i.code === e?.item);
    return `q-${q.code}-${Math.max(0, row)}-0`;
  }
  return `q-${q.code}-0`;
}

/** The codes chosen in a stored or submitted answer (missing codes included). */
function chosen(value: unknown): Set<string> {
  if (typeof value === 'string') return new Set([value]);
  if (Array.isArray(value)) return new Set(value.filter((x): x is string => typeof x === 'string'));
  if (typeof value === 'object' && value !== null && 'missing' in value && typeof value.missing === 'string')
    return new Set([value.missing]);
  return new Set();
}

function missingOf(value: unknown): string | undefined {
  return typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    'missing' in value &&
    typeof value.missing === 'string'
    ? value.missing
    : undefined;
}

const attr = (on: boolean, text: string): Html | '' => (on ? raw(` ${text}`) : '');

interface Described {
  readonly ids: string;
  readonly help: Html | '';
  readonly error: Html | '';
}

function described(q: PageQuestion, lang: string, error: FieldError | undefined): Described {
  const helpId = `q-${q.code}-help`;
  const errorId = `q-${q.code}-error`;
  const ids = [q.help !== undefined ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return {
    ids,
    help: q.help !== undefined ? html`<p class="help" id="${helpId}">${q.help}</p>` : '',
    error: error ? html`<p class="error" id="${errorId}">${errorText(lang, q, error)}</p>` : '',
  };
}

function optionalTag(q: PageQuestion, lang: string): Html | '' {
  return q.required || q.kind === 'info' ? '' : html` <span class="tag">(${messageIn(lang, 'optional')})</span>`;
}

function choiceInputs(
  q: PageQuestion,
  lang: string,
  value: unknown,
  invalid: boolean,
  type: 'radio' | 'checkbox',
): Html {
  const picked = chosen(value);
  const substantive = q.options.filter((o) => !o.missing);
  const missing = q.options.filter((o) => o.missing);
  const input = (o: PageQuestion['options'][number], i: number) => {
    const id = `q-${q.code}-${i}`;
    const fieldValue = o.missing ? `missing:${o.code}` : o.code;
    return html`<div class="opt${o.missing ? ' missing' : ''}"><input type="${type}" id="${id}" name="q.${q.code}" value="${fieldValue}"${attr(picked.has(o.code), 'checked')}${attr(invalid, 'aria-invalid="true"')}${attr(o.missing && type === 'checkbox', 'data-missing')}><label for="${id}"><bdi>${o.label}</bdi></label></div>`;
  };
  return html`${substantive.map((o, i) => input(o, i))}${missing.map((o, i) => input(o, substantive.length + i))}`;
}

/** Checkboxes for the missing codes of a numeric, text or ranking question. */
function missingBoxes(q: PageQuestion, value: unknown, start: number): Html {
  const picked = missingOf(value);
  return html`${q.options
    .filter((o) => o.missing)
    .map((o, i) => {
      const id = `q-${q.code}-${start + i}`;
      return html`<div class="opt missing"><input type="checkbox" id="${id}" name="q.${q.code}.missing" value="${o.code}" data-missing${attr(picked === o.code, 'checked')}><label for="${id}"><bdi>${o.label}</bdi></label></div>`;
    })}`;
}

function requiredHint(q: PageQuestion, lang: string): Html | '' {
  if (!q.required || q.kind === 'info') return '';
  return html` data-required="${messageIn(lang, q.kind === 'grid' ? 'err.required_item' : 'err.required')}"`;
}

/** One question as form controls, showing `value` (a stored answer or what was just sent) and its error. */
export function questionHtml(q: PageQuestion, lang: string, value: unknown, error: FieldError | undefined): Html {
  const d = described(q, lang, error);
  const invalid = error !== undefined;
  const cls = `q${invalid ? ' invalid' : ''}`;
  const describedBy = d.ids ? html` aria-describedby="${d.ids}"` : '';
  const req = requiredHint(q, lang);
  switch (q.kind) {
    case 'info':
      return html`<div class="q info" id="q-${q.code}"><p class="lead">${q.text}</p>${d.help}</div>`;
    case 'single':
    case 'scale':
    case 'multiple':
      return html`<fieldset class="${cls}" id="q-${q.code}"${describedBy}${req}><legend>${q.text}${optionalTag(q, lang)}</legend>${d.help}${d.error}${
        q.kind === 'multiple' && num(q, 'maxSelections') !== 1
          ? html`<p class="help">${messageIn(lang, 'selectAll')}</p>`
          : ''
      }${choiceInputs(q, lang, value, invalid, q.kind === 'multiple' ? 'checkbox' : 'radio')}</fieldset>`;
    case 'consent': {
      const v =
        value === true || value === 'true' ? 'true' : value === false || value === 'false' ? 'false' : undefined;
      const radio = (val: 'true' | 'false', i: number, label: string) =>
        html`<div class="opt"><input type="radio" id="q-${q.code}-${i}" name="q.${q.code}" value="${val}"${attr(v === val, 'checked')}${attr(invalid, 'aria-invalid="true"')}><label for="q-${q.code}-${i}">${label}</label></div>`;
      return html`<fieldset class="${cls}" id="q-${q.code}"${describedBy}${req}><legend>${q.text}</legend>${d.help}${d.error}${radio('true', 0, messageIn(lang, 'consentYes'))}${radio('false', 1, messageIn(lang, 'consentNo'))}</fieldset>`;
    }
    case 'numeric':
    case 'text': {
      const typed = isRecord(value) && typeof value.typed === 'string' ? value.typed : value;
      const shown = typeof typed === 'string' || typeof typed === 'number' ? String(typed) : '';
      const id = `q-${q.code}-0`;
      const maxLength = num(q, 'maxLength');
      const control =
        q.kind === 'text' && q.constraints.multiline === true
          ? html`<textarea id="${id}" name="q.${q.code}"${describedBy}${attr(invalid, 'aria-invalid="true"')}${maxLength !== undefined ? html` maxlength="${maxLength}"` : ''}>${shown}</textarea>`
          : html`<input type="text" id="${id}" name="q.${q.code}" value="${shown}"${describedBy}${attr(invalid, 'aria-invalid="true"')}${
              q.kind === 'numeric'
                ? html` class="num" inputmode="${q.constraints.integer === false ? 'decimal' : 'numeric'}" autocomplete="off"`
                : maxLength !== undefined
                  ? html` maxlength="${maxLength}"`
                  : ''
            }>`;
      const hasMissing = q.options.some((o) => o.missing);
      return html`<div class="${cls}" id="q-${q.code}"${req}><label class="qtext" for="${id}">${q.text}${optionalTag(q, lang)}</label>${d.help}${d.error}<div class="field">${control}${
        q.unit !== undefined ? html`<span class="unit">${q.unit}</span>` : ''
      }</div>${hasMissing ? html`<p class="sep">${messageIn(lang, 'other')}</p>${missingBoxes(q, value, 1)}` : ''}</div>`;
    }
    case 'grid': {
      const answers = isRecord(value) && missingOf(value) === undefined ? value : {};
      const rows = q.items.map((item, r) => {
        const picked = chosen(answers[item.code]);
        const rowInvalid = invalid && (error?.item === undefined || error.item === item.code);
        return html`<fieldset class="item" id="q-${q.code}-row-${r}"><legend><bdi>${item.label}</bdi></legend>${q.options.map(
          (o, i) => {
            const id = `q-${q.code}-${r}-${i}`;
            return html`<div class="opt${o.missing ? ' missing' : ''}"><input type="radio" id="${id}" name="q.${q.code}.${item.code}" value="${o.missing ? `missing:${o.code}` : o.code}"${attr(picked.has(o.code), 'checked')}${attr(rowInvalid, 'aria-invalid="true"')}><label for="${id}"><bdi>${o.label}</bdi></label></div>`;
          },
        )}</fieldset>`;
      });
      return html`<fieldset class="${cls}" id="q-${q.code}"${describedBy}${req}><legend>${q.text}${optionalTag(q, lang)}</legend>${d.help}${d.error}${rows}</fieldset>`;
    }
    case 'ranking': {
      const order = Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
      const substantive = q.options.filter((o) => !o.missing);
      const rows = substantive.map((o, i) => {
        const id = `q-${q.code}-${i}`;
        const at = order.indexOf(o.code) + 1;
        return html`<div class="rank"><label for="${id}"><bdi>${o.label}</bdi></label><select id="${id}" name="q.${q.code}.rank.${o.code}"${attr(invalid, 'aria-invalid="true"')}><option value="">${messageIn(lang, 'notRanked')}</option>${substantive.map(
          (_, k) =>
            html`<option value="${k + 1}"${attr(at === k + 1, 'selected')}>${messageIn(lang, 'rankOf')} ${k + 1}</option>`,
        )}</select></div>`;
      });
      const hasMissing = q.options.some((o) => o.missing);
      return html`<fieldset class="${cls}" id="q-${q.code}"${describedBy}${req}><legend>${q.text}${optionalTag(q, lang)}</legend>${d.help}${d.error}${rows}${
        hasMissing
          ? html`<p class="sep">${messageIn(lang, 'other')}</p>${missingBoxes(q, value, substantive.length)}`
          : ''
      }</fieldset>`;
    }
  }
}

export type FormFields = Readonly<Record<string, string | readonly string[]>>;

function all(form: FormFields, name: string): string[] {
  const v = form[name];
  return v === undefined ? [] : typeof v === 'string' ? [v] : [...v];
}
function first(form: FormFields, name: string): string | undefined {
  return all(form, name)[0];
}

/** A choice field value: an option code, or `missing:CODE` for a missing code (sent as `{ missing }`). */
function choiceValue(raw: string): unknown {
  if (raw.startsWith('missing:')) {
    const code = raw.slice('missing:'.length);
    return { missing: code };
  }
  return raw;
}

/**
 * The answers of a page from its form fields: `null` for a question left
 * unanswered (clearing an earlier answer), and the problems a form alone can
 * have (e.g. "don't know" ticked together with an answer). Values are not
 * trusted: the instrument's validator checks them next.
 */
export function answersFromForm(
  page: PageView,
  form: FormFields,
): { answers: Record<string, unknown>; errors: Record<string, FieldError> } {
  const answers: Record<string, unknown> = {};
  const errors: Record<string, FieldError> = {};
  // "Don't know" ticked with an answer (possible without JavaScript): refused, and the page shown
  // again with every tick kept, the missing code's included (`shown`), naming the choice to untick.
  const withMissing = (code: string, given: unknown, missing: string[], shown: unknown = given) => {
    if (missing.length > 1 || (missing.length === 1 && given !== null)) {
      errors[code] = { code: 'exclusive_conflict', item: missing[0] };
      answers[code] = shown;
    } else answers[code] = missing.length === 1 ? { missing: missing[0] } : given;
  };
  for (const q of page.questions) {
    const name = `q.${q.code}`;
    switch (q.kind) {
      case 'info':
        break;
      case 'single':
      case 'scale': {
        const v = first(form, name);
        answers[q.code] = v === undefined || v === '' ? null : choiceValue(v);
        break;
      }
      case 'consent': {
        const v = first(form, name);
        answers[q.code] = v === 'true' ? true : v === 'false' ? false : v === undefined || v === '' ? null : v;
        break;
      }
      case 'multiple': {
        const list = all(form, name).filter((v) => v !== '');
        const missing = list.filter((v) => v.startsWith('missing:')).map((v) => v.slice('missing:'.length));
        const codes = list.filter((v) => !v.startsWith('missing:'));
        withMissing(q.code, codes.length > 0 ? codes : null, missing, [...codes, ...missing]);
        break;
      }
      case 'numeric':
      case 'text': {
        const raw = first(form, name) ?? '';
        const text = q.kind === 'numeric' ? raw.trim().replace(/^(-?\d+),(\d+)$/, '$1.$2') : raw;
        const missing = all(form, `${name}.missing`).filter((m) => m !== '');
        const typed = text.trim() === '' ? null : text;
        // Shown back on a refusal: what was typed, and the box ticked with it.
        withMissing(q.code, typed, missing, { missing: missing[0], typed });
        break;
      }
      case 'grid': {
        const rows: Record<string, unknown> = {};
        for (const item of q.items) {
          const v = first(form, `${name}.${item.code}`);
          if (v !== undefined && v !== '') rows[item.code] = choiceValue(v);
        }
        answers[q.code] = Object.keys(rows).length > 0 ? rows : null;
        break;
      }
      case 'ranking': {
        const ranked: { code: string; rank: number }[] = [];
        for (const o of q.options) {
          if (o.missing) continue;
          const v = first(form, `${name}.rank.${o.code}`);
          if (v === undefined || v === '') continue;
          const rank = Number(v);
          if (!Number.isInteger(rank) || rank < 1) {
            errors[q.code] = { code: 'wrong_type' };
            continue;
          }
          ranked.push({ code: o.code, rank });
        }
        if (new Set(ranked.map((r) => r.rank)).size !== ranked.length) errors[q.code] = { code: 'duplicate_selection' };
        ranked.sort((a, b) => a.rank - b.rank);
        withMissing(
          q.code,
          ranked.length > 0 ? ranked.map((r) => r.code) : null,
          all(form, `${name}.missing`).filter((m) => m !== ''),
        );
        break;
      }
    }
  }
  return { answers, errors };
}

/** A plain JSON object (not null, not an array). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
