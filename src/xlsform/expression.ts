/**
 * The XLSForm expressions Barometer understands (`relevant`, `constraint`, `choice_filter`): a
 * tokenizer and a recursive-descent parser for a small subset of XPath. Anything outside the
 * subset — an unknown function (`regex`, `pulldata`…), arithmetic, a character it does not know
 * — throws `ExpressionError`: nothing is guessed.
 *
 * Grammar (`or` and `and` bind as in XPath: `and` tighter than `or`; `not` is a function):
 *   or      := and ('or' and)*
 *   and     := compare ('and' compare)*
 *   compare := primary (('=' | '!=' | '<' | '<=' | '>' | '>=') primary)?
 *   primary := '(' or ')' | FUNCTION '(' [or (',' or)*] ')' | '${name}' | '.' | STRING | NUMBER | NAME
 */

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** The functions the subset knows; any other name is an error. */
export const KNOWN_FUNCTIONS = ['not', 'selected', 'string-length', 'count-selected', 'true', 'false'] as const;
export type KnownFunction = (typeof KNOWN_FUNCTIONS)[number];

export type Expr =
  | { readonly type: 'ref'; readonly name: string }
  | { readonly type: 'self' }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  /** A bare name: in a `choice_filter`, a column of the choices sheet. */
  | { readonly type: 'name'; readonly name: string }
  | { readonly type: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr }
  | { readonly type: 'and' | 'or'; readonly operands: readonly Expr[] }
  | { readonly type: 'paren'; readonly inner: Expr }
  | { readonly type: 'call'; readonly name: KnownFunction; readonly args: readonly Expr[] };

/** An expression outside the subset, with the position (0-based) where reading stopped. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Token =
  | { kind: 'ref'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'number'; text: string; at: number }
  | { kind: 'name'; text: string; at: number }
  | { kind: 'op'; text: string; at: number }
  | { kind: 'end'; text: ''; at: number };

const OPERATORS = ['!=', '<=', '>=', '=', '<', '>', '(', ')', ',', '.'];
const ARITHMETIC = new Set(['+', '-', '*', '|', '/']);

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isNameStart(c: string): boolean {
  return /[A-Za-z_]/.test(c);
}

/** Splits an expression into tokens; throws on a character the subset does not use. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '$' && source.charAt(i + 1) === '{') {
      const end = source.indexOf('}', i);
      if (end < 0) throw new ExpressionError('unclosed ${…} reference', i);
      const name = source.slice(i + 2, end).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw new ExpressionError(`bad reference \${${name}}`, i);
      tokens.push({ kind: 'ref', text: name, at: i });
      i = end + 1;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError('unclosed string', i);
      tokens.push({ kind: 'string', text: source.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const startsNumber = isDigit(c) || (c === '.' && isDigit(source.charAt(i + 1)));
    const negative = c === '-' && (isDigit(source.charAt(i + 1)) || source.charAt(i + 1) === '.');
    const previous = tokens[tokens.length - 1];
    const afterOperand =
      previous !== undefined && (previous.kind !== 'op' || previous.text === ')' || previous.text === '.');
    if (startsNumber || (negative && !afterOperand)) {
      const match = /^-?(\d+(\.\d*)?|\.\d+)/.exec(source.slice(i));
      if (!match) throw new ExpressionError(`bad number`, i);
      tokens.push({ kind: 'number', text: match[0], at: i });
      i += match[0].length;
      continue;
    }
    if (isNameStart(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_-]*(:[A-Za-z_][A-Za-z0-9_-]*)?/.exec(source.slice(i));
      const text = match ? match[0] : c;
      tokens.push({ kind: 'name', text, at: i });
      i += text.length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, at: i });
      i += op.length;
      continue;
    }
    if (ARITHMETIC.has(c)) throw new ExpressionError(`arithmetic (${c}) is not supported`, i);
    throw new ExpressionError(`unexpected character ${c}`, i);
  }
  tokens.push({ kind: 'end', text: '', at: source.length });
  return tokens;
}

function isKnownFunction(name: string): name is KnownFunction {
  return (KNOWN_FUNCTIONS as readonly string[]).includes(name);
}

const COMPARE: readonly string[] = ['=', '!=', '<', '<=', '>', '>='];
function isCompareOp(text: string): text is CompareOp {
  return COMPARE.includes(text);
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    const token = this.tokens[this.index] ?? this.tokens[this.tokens.length - 1];
    if (!token) throw new ExpressionError('empty expression', 0);
    return token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private expect(text: string): void {
    const token = this.next();
    if (token.kind !== 'op' || token.text !== text)
      throw new ExpressionError(`expected "${text}" but found ${describe(token)}`, token.at);
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && token.text === word;
  }

  parse(): Expr {
    const expr = this.or();
    const rest = this.peek();
    if (rest.kind !== 'end') throw new ExpressionError(`unexpected ${describe(rest)}`, rest.at);
    return expr;
  }

  private or(): Expr {
    const operands = [this.and()];
    while (this.isWord('or')) {
      this.next();
      operands.push(this.and());
    }
    return operands.length === 1 && operands[0] ? operands[0] : { type: 'or', operands };
  }

  private and(): Expr {
    const operands = [this.compare()];
    while (this.isWord('and')) {
      this.next();
      operands.push(this.compare());
    }
    return operands.length === 1 && operands[0] ? operands[0] : { type: 'and', operands };
  }

  private compare(): Expr {
    const left = this.primary();
    const token = this.peek();
    if (token.kind === 'op' && isCompareOp(token.text)) {
      this.next();
      return { type: 'compare', op: token.text, left, right: this.primary() };
    }
    if (token.kind === 'name' && (token.text === 'div' || token.text === 'mod'))
      throw new ExpressionError(`arithmetic (${token.text}) is not supported`, token.at);
    return left;
  }

  private primary(): Expr {
    const token = this.next();
    switch (token.kind) {
      case 'ref':
        return { type: 'ref', name: token.text };
      case 'string':
        return { type: 'string', value: token.text };
      case 'number':
        return { type: 'number', value: Number(token.text) };
      case 'name':
        return this.nameOrCall(token);
      case 'op':
        if (token.text === '.') return { type: 'self' };
        if (token.text === '(') {
          const inner = this.or();
          this.expect(')');
          return { type: 'paren', inner };
        }
        throw new ExpressionError(`unexpected ${describe(token)}`, token.at);
      case 'end':
        throw new ExpressionError('the expression ends too early', token.at);
    }
  }

  private nameOrCall(token: Token): Expr {
    const after = this.peek();
    if (!(after.kind === 'op' && after.text === '(')) {
      if (['and', 'or', 'div', 'mod'].includes(token.text))
        throw new ExpressionError(`unexpected "${token.text}"`, token.at);
      return { type: 'name', name: token.text };
    }
    if (!isKnownFunction(token.text)) throw new ExpressionError(`unknown function ${token.text}()`, token.at);
    this.next();
    const args: Expr[] = [];
    if (!(this.peek().kind === 'op' && this.peek().text === ')')) {
      args.push(this.or());
      while (this.peek().kind === 'op' && this.peek().text === ',') {
        this.next();
        args.push(this.or());
      }
    }
    this.expect(')');
    return { type: 'call', name: token.text, args };
  }
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'the end' : `"${token.text}"`;
}

/** Parses an expression of the subset; throws `ExpressionError` on anything else. */
export function parseExpression(source: string): Expr {
  if (source.trim() === '') throw new ExpressionError('empty expression', 0);
  return new Parser(tokenize(source)).parse();
}
