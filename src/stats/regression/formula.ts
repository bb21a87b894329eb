import { SurveyError } from '../errors.ts';

/**
 * A model formula as R's `terms()` reads it: the response, whether there is an intercept, the
 * variables in order of first appearance, and the terms (each a set of variable indices) sorted
 * by order (main effects, then two-way interactions, …), stable within an order.
 */
export interface ModelFormula {
  readonly response: string;
  readonly intercept: boolean;
  /** Right-hand-side variables in order of first appearance. */
  readonly variables: readonly string[];
  /** Each term lists variable indices in ascending order (R's label order). */
  readonly terms: readonly (readonly number[])[];
  /** R's term labels, e.g. `treated:post`. */
  readonly labels: readonly string[];
}

type Token =
  | { readonly kind: 'name'; readonly text: string; readonly at: number }
  | { readonly kind: 'number'; readonly text: string; readonly at: number }
  | { readonly kind: 'op'; readonly text: '~' | '+' | '-' | '*' | ':' | '(' | ')'; readonly at: number };

const NAME = /^(?:[A-Za-z.][A-Za-z0-9._]*|`[^`]+`)/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if ('~+-*:()'.includes(ch)) {
      tokens.push({ kind: 'op', text: ch as '~', at: i });
      i++;
      continue;
    }
    const rest = source.slice(i);
    const num = /^\d+/.exec(rest);
    if (num) {
      tokens.push({ kind: 'number', text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name && !/^\.\d/.test(rest)) {
      const text = name[0].startsWith('`') ? name[0].slice(1, -1) : name[0];
      tokens.push({ kind: 'name', text, at: i });
      i += name[0].length;
      continue;
    }
    throw new SurveyError(
      'invalid_argument',
      `formula: unexpected "${ch}" at position ${i + 1} (use names, +, *, :, parentheses, 0 or 1)`,
    );
  }
  return tokens;
}

/** A parsed right-hand side: terms as sorted variable-index keys, and the intercept directive. */
interface TermSet {
  readonly terms: readonly (readonly number[])[];
  /** true: `1`, false: `0` or `-1`, null: not mentioned. */
  readonly intercept: boolean | null;
}

const key = (t: readonly number[]): string => t.join(',');

function union(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  const seen = new Set(a.map(key));
  const out = a.map((t) => [...t]);
  for (const t of b) {
    if (!seen.has(key(t))) {
      seen.add(key(t));
      out.push([...t]);
    }
  }
  return out;
}

function interact(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  const out: number[][] = [];
  for (const s of a) for (const t of b) out.push([...new Set([...s, ...t])].sort((x, y) => x - y));
  return union([], out);
}

/** Recursive-descent parser: sum := product (('+'|'-') product)*; product := inter ('*' inter)*; inter := atom (':' atom)*. */
class Parser {
  private pos = 0;
  readonly variables: string[] = [];
  constructor(
    private readonly tokens: readonly Token[],
    private readonly source: string,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private fail(message: string): never {
    const t = this.peek();
    const where = t ? `at position ${t.at + 1}` : 'at the end';
    throw new SurveyError('invalid_argument', `formula "${this.source}": ${message} ${where}`);
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.text === text;
  }

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  expectEnd(): void {
    if (!this.done()) this.fail('unexpected token');
  }

  response(): string {
    const t = this.peek();
    if (t?.kind !== 'name') this.fail('expected the response variable');
    this.pos++;
    if (!this.isOp('~')) this.fail('expected "~" after the response');
    this.pos++;
    return t.text;
  }

  sum(): TermSet {
    let left = this.product();
    let terms: number[][] = left.terms.map((t) => [...t]);
    let intercept = left.intercept;
    while (this.isOp('+') || this.isOp('-')) {
      const minus = this.isOp('-');
      this.pos++;
      const right = this.product();
      if (minus) {
        if (right.intercept !== null) intercept = !right.intercept;
        const drop = new Set(right.terms.map(key));
        terms = terms.filter((t) => !drop.has(key(t)));
      } else {
        if (right.intercept !== null) intercept = right.intercept;
        terms = union(terms, right.terms);
      }
      left = { terms, intercept };
    }
    return { terms, intercept };
  }

  private product(): TermSet {
    let left = this.inter();
    while (this.isOp('*')) {
      this.pos++;
      const right = this.inter();
      this.noConstant(left, right, '*');
      left = { terms: union(union(left.terms, right.terms), interact(left.terms, right.terms)), intercept: null };
    }
    return left;
  }

  private inter(): TermSet {
    let left = this.atom();
    while (this.isOp(':')) {
      this.pos++;
      const right = this.atom();
      this.noConstant(left, right, ':');
      left = { terms: interact(left.terms, right.terms), intercept: null };
    }
    return left;
  }

  private noConstant(a: TermSet, b: TermSet, op: string): void {
    if (a.intercept !== null || b.intercept !== null) this.fail(`0 or 1 cannot be an operand of "${op}"`);
  }

  private atom(): TermSet {
    const t = this.peek();
    if (!t) this.fail('expected a variable');
    if (t.kind === 'op' && t.text === '(') {
      this.pos++;
      const inner = this.sum();
      if (!this.isOp(')')) this.fail('expected ")"');
      this.pos++;
      return inner;
    }
    if (t.kind === 'number') {
      if (t.text !== '0' && t.text !== '1') this.fail(`only 0 or 1 may stand alone, not ${t.text},`);
      this.pos++;
      return { terms: [], intercept: t.text === '1' };
    }
    if (t.kind === 'name') {
      this.pos++;
      let index = this.variables.indexOf(t.text);
      if (index < 0) index = this.variables.push(t.text) - 1;
      return { terms: [[index]], intercept: null };
    }
    return this.fail(`unexpected "${t.text}"`);
  }
}

/**
 * Parses an R model formula `y ~ a + b * c + d:e` (also `(a + b):c`, `- term`, `0 +`, `- 1`).
 * `a*b` expands to `a + b + a:b`; terms are ordered by their number of variables, then by first
 * appearance, as R's `terms.formula` orders them. Reference: Chambers & Hastie (1992) §2.3;
 * R `?formula`.
 */
export function parseFormula(source: string): ModelFormula {
  const parser = new Parser(tokenize(source), source);
  const response = parser.response();
  if (parser.done()) throw new SurveyError('invalid_argument', `formula "${source}": nothing after "~"`);
  const rhs = parser.sum();
  parser.expectEnd();
  const variables = parser.variables;
  if (variables.includes(response)) {
    throw new SurveyError(
      'invalid_argument',
      `formula "${source}": the response ${response} also appears on the right-hand side`,
    );
  }
  const terms = rhs.terms
    .map((t, k) => ({ t, k }))
    .sort((a, b) => a.t.length - b.t.length || a.k - b.k)
    .map(({ t }) => t);
  const labels = terms.map((t) => t.map((v) => variables[v] ?? '').join(':'));
  const intercept = rhs.intercept ?? true;
  if (!intercept && terms.length === 0)
    throw new SurveyError('invalid_argument', `formula "${source}": the model has no terms`);
  return { response, intercept, variables, terms, labels };
}
