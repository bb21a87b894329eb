import { readFileSync } from 'node:fs';
import path from 'node:path';
import { referenceDir, type DesignName } from './api-data.ts';

/** One case of api_reference.json. */
export interface RCase {
  readonly id: string;
  readonly group: string;
  readonly designs: readonly string[];
  readonly r_setup: string;
  readonly r_code: string;
  readonly result: Record<string, unknown> & { readonly type: string };
}

export function loadCases(): RCase[] {
  const json: { cases: RCase[] } = JSON.parse(readFileSync(path.join(referenceDir, 'api_reference.json'), 'utf8'));
  return json.cases;
}

/** A weighting step applied to a reference design, as the case's R code applies it. */
export type Step =
  | { readonly method: 'poststratify'; readonly variable: 'stype' | 'sch.wide' }
  | { readonly method: 'rake'; readonly tight: boolean }
  | { readonly method: 'calibrate' }
  | { readonly method: 'trim'; readonly lower?: number; readonly upper?: number; readonly strict: boolean };

export interface DesignExpr {
  readonly base: DesignName;
  readonly steps: readonly Step[];
}

/** What a case computes, parsed from its R code. */
export type Plan =
  | {
      readonly kind: 'stat';
      readonly fn: 'mean' | 'total' | 'variance';
      readonly vars: readonly string[];
      readonly design: DesignExpr;
      readonly deff?: 'srswor' | 'replace';
    }
  | {
      readonly kind: 'by';
      readonly fn: 'mean' | 'total';
      readonly y: string;
      readonly by: readonly string[];
      readonly design: DesignExpr;
      readonly deff: boolean;
    }
  | { readonly kind: 'contrast'; readonly of: Plan; readonly coefficients: Record<string, number> }
  | {
      readonly kind: 'ciprop';
      readonly y: string;
      readonly design: DesignExpr;
      readonly method: string;
      readonly dfInf: boolean;
    }
  | { readonly kind: 'weights'; readonly design: DesignExpr }
  | { readonly kind: 'table'; readonly vars: readonly string[]; readonly design: DesignExpr }
  | { readonly kind: 'ttest'; readonly y: string; readonly group?: string; readonly design: DesignExpr }
  | {
      readonly kind: 'chisq';
      readonly a: string;
      readonly b: string;
      readonly design: DesignExpr;
      readonly statistic: 'F' | 'Chisq' | 'Wald' | 'adjWald';
    }
  | { readonly kind: 'independent' }
  | { readonly kind: 'likelihood-exact'; readonly y: string; readonly design: DesignExpr }
  | { readonly kind: 'rake-sweeps' };

/** R expressions of derived 0/1 or difference variables, and the column names the tests give them. */
const DERIVED: Record<string, string> = {
  'I(ell==0)': 'ell0',
  'I(sch.wide=="Yes")': 'sch_wide_yes',
  'I(awards=="Yes")': 'awards_yes',
  'I(api00-api99)': 'api_diff',
  'I(stype=="E")': 'stypeE',
};

function variable(expr: string): string {
  return DERIVED[expr.trim()] ?? expr.trim();
}

/** Splits on top-level commas. */
function args(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** `f(a, b)` → ['f', ['a', 'b']] */
function call(expr: string): [string, string[]] {
  const m = /^([\w.]+)\(([\s\S]*)\)$/.exec(expr.trim());
  if (!m) return [expr.trim(), []];
  return [m[1] ?? '', args(m[2] ?? '')];
}

export function parseDesign(expr: string): DesignExpr {
  const [fn, a] = call(expr);
  if (fn === 'dclus1g') return { base: 'dclus1', steps: [{ method: 'calibrate' }] };
  if (a.length === 0) return { base: fn as DesignName, steps: [] };
  const inner = parseDesign(a[0] ?? '');
  if (fn === 'postStratify') {
    const v = (a[1] ?? '').replace('~', '') as 'stype' | 'sch.wide';
    return { base: inner.base, steps: [...inner.steps, { method: 'poststratify', variable: v }] };
  }
  if (fn === 'rake')
    return { base: inner.base, steps: [...inner.steps, { method: 'rake', tight: expr.includes('epsilon=1e-12') }] };
  if (fn === 'trimWeights') {
    const named = Object.fromEntries(a.slice(1).map((x) => x.split('=').map((s) => s.trim())));
    return {
      base: inner.base,
      steps: [
        ...inner.steps,
        {
          method: 'trim',
          ...(named.lower ? { lower: Number(named.lower) } : {}),
          ...(named.upper ? { upper: Number(named.upper) } : {}),
          strict: named.strict === 'TRUE',
        },
      ],
    };
  }
  throw new Error(`cannot parse design ${expr}`);
}

function formulaVars(f: string): string[] {
  return f.replace(/^~/, '').split('+').map(variable);
}

export function parsePlan(c: RCase): Plan {
  const code = c.r_code.trim();
  if (c.result.type === 'independent_difference') return { kind: 'independent' };
  if (c.result.type === 'rake_se_sweeps') return { kind: 'rake-sweeps' };
  if (c.result.type === 'likelihood_exact') {
    const m = /svyglm\((.*?) ~ 1, (\w+), family/.exec(code);
    return { kind: 'likelihood-exact', y: variable(m?.[1] ?? ''), design: parseDesign(m?.[2] ?? '') };
  }
  if (c.result.type === 'weights') return { kind: 'weights', design: parseDesign(code) };
  const [fn, a] = call(code);
  switch (fn) {
    case 'svymean':
    case 'svytotal':
    case 'svyvar': {
      const deffArg = a.find((x) => x.startsWith('deff='));
      return {
        kind: 'stat',
        fn: fn === 'svymean' ? 'mean' : fn === 'svytotal' ? 'total' : 'variance',
        vars: formulaVars(a[0] ?? ''),
        design: parseDesign(a[1] ?? ''),
        ...(deffArg ? { deff: deffArg.includes('replace') ? 'replace' : 'srswor' } : {}),
      } as Plan;
    }
    case 'svyby':
      return {
        kind: 'by',
        fn: a[3] === 'svytotal' ? 'total' : 'mean',
        y: variable((a[0] ?? '').replace('~', '')),
        by: formulaVars(a[1] ?? ''),
        design: parseDesign(a[2] ?? ''),
        deff: a.includes('deff=TRUE'),
      };
    case 'svycontrast': {
      const coefficients: Record<string, number> = {};
      for (const part of call(a[1] ?? '')[1]) {
        const [k, v] = part.split('=');
        coefficients[(k ?? '').trim()] = Number(v);
      }
      return { kind: 'contrast', of: parsePlan({ ...c, r_code: a[0] ?? '', result: { type: 'x' } }), coefficients };
    }
    case 'svyciprop': {
      const method = /method="(\w+)"/.exec(code)?.[1] ?? 'logit';
      return {
        kind: 'ciprop',
        y: variable((a[0] ?? '').replace('~', '')),
        design: parseDesign(a[1] ?? ''),
        method,
        dfInf: code.includes('df=Inf'),
      };
    }
    case 'svytable':
      return { kind: 'table', vars: formulaVars(a[0] ?? ''), design: parseDesign(a[1] ?? '') };
    case 'svyttest': {
      const [lhs, rhs] = (a[0] ?? '').split('~');
      const g = (rhs ?? '').trim();
      return {
        kind: 'ttest',
        y: variable(lhs ?? ''),
        ...(g === '0' ? {} : { group: variable(g) }),
        design: parseDesign(a[1] ?? ''),
      };
    }
    case 'svychisq': {
      const [x, y] = formulaVars(a[0] ?? '');
      const st = /statistic="(\w+)"/.exec(code)?.[1] ?? 'F';
      return { kind: 'chisq', a: x ?? '', b: y ?? '', design: parseDesign(a[1] ?? ''), statistic: st as 'F' };
    }
  }
  throw new Error(`no plan for ${c.id}: ${code}`);
}
