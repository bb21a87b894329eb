/**
 * A condition → the XLSForm `relevant` expression that imports back as the same condition (the
 * inverse of to-condition.ts), or undefined when there is none (`equals false` on a consent, a
 * scale compared with a number, a quote that cannot be written). The export checks each one by
 * importing it back, and carries the condition in its `barometer` column when it does not match.
 */
import type { Condition } from '../instrument/index.ts';

/** What the expression needs of a referenced question: its kind. */
export type KindOf = (code: string) => string | undefined;

function literal(value: string | number | boolean): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return undefined;
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return undefined;
}

const SYMBOL = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** The expression of `condition`; `nested` wraps `and`/`or` in parentheses. */
export function conditionToXPath(condition: Condition, kindOf: KindOf, nested = false): string | undefined {
  const ref = (code: string) => `\${${code}}`;
  const wrap = (text: string) => (nested ? `(${text})` : text);
  switch (condition.op) {
    case 'all':
    case 'any': {
      if (condition.conditions.length < 2) return undefined;
      const parts = condition.conditions.map((c) => conditionToXPath(c, kindOf, true));
      if (parts.some((p) => p === undefined)) return undefined;
      return wrap(parts.join(condition.op === 'all' ? ' and ' : ' or '));
    }
    case 'not': {
      const inner = conditionToXPath(condition.condition, kindOf);
      return inner === undefined ? undefined : `not(${inner})`;
    }
    case 'answered':
      return `${ref(condition.question)} != ''`;
    case 'missing': {
      if (!condition.codes) return `${ref(condition.question)} = ''`;
      const parts = condition.codes.map((c) => `${ref(condition.question)} = '${c}'`);
      return parts.length === 1 ? parts[0] : wrap(parts.join(' or '));
    }
    case 'equals': {
      if (condition.value === true && kindOf(condition.question) === 'consent')
        return `${ref(condition.question)} = 'OK'`;
      const value = literal(condition.value);
      return value === undefined ? undefined : `${ref(condition.question)} = ${value}`;
    }
    case 'in': {
      const parts = condition.values.map((v) => {
        const value = literal(v);
        return value === undefined ? undefined : `selected(${ref(condition.question)}, ${value})`;
      });
      if (parts.some((p) => p === undefined)) return undefined;
      return parts.length === 1 ? parts[0] : wrap(parts.join(' or '));
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${ref(condition.question)} ${SYMBOL[condition.op]} ${condition.value}`;
  }
}
