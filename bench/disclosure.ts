/**
 * `npm run bench:disclosure` — complementary suppression of one wave the flagship's size: 51
 * countries in 7 regions × (all adults + 4 subgroup variables, 12 levels) × 6 indicators, ~1,000
 * respondents a country, with level values consistent with their all-adults cell (every relation
 * holds, every value within [0, 1]) and ~3% of cells primary at random besides those under n = 50.
 * Prints the time of the LP complement search with its LP verification (`protectTables`, what materialising a wave adds) beside
 * the baseline measured in the same run: one audit of the final pattern (`auditTables`, what the
 * weighting run's gate and `barometer disclosure audit` add), and the cells withheld.
 *
 * Options: --countries=N (default 51), --indicators=N (default 6), --seed=S.
 */
import { performance } from 'node:perf_hooks';
import { auditTables } from '../src/indicators/disclosure-protect.ts';
import { readerCost } from '../src/indicators/disclosure-wave.ts';
import { protectTables, type LinearTable, type Relation, type TableCell } from '../src/indicators/index.ts';
import { DisclosureRule, seededRandom } from '../src/instrument/index.ts';

const args = new Map(
  process.argv.slice(2).map((a): [string, string] => {
    const [key = '', value = ''] = a.replace(/^--/, '').split('=');
    return [key, value];
  }),
);
const COUNTRIES = Number(args.get('countries') || 51);
const INDICATORS = Number(args.get('indicators') || 6);
const random = seededRandom(`bench:disclosure:${args.get('seed') ?? 1}`);
const VARIABLES = [
  ['age_group', 4],
  ['sex', 2],
  ['education', 3],
  ['seen', 3],
] as const;

/** One indicator's table; level values drawn around the country's value, the last level closing the weighted mean. */
function table(t: number): LinearTable {
  const cells = new Map<string, TableCell>();
  const weights = new Map<string, number>();
  const relations: Relation[] = [];
  const put = (key: string, value: number, n: number, weight: number, primary: boolean) => {
    const where = key.startsWith('c') ? 'country' : key.startsWith('r') ? 'region' : 'world';
    // Masses as fractions of the world's (51 countries of mean population 26).
    const cost = readerCost(where, !key.endsWith('|'), weight / (26 * COUNTRIES), n);
    cells.set(key, { key, values: [value], n, primary, pattern: `${t}|${key}`, label: key, cost });
    weights.set(key, weight);
  };
  const countries = Array.from({ length: COUNTRIES }, (_, i) => ({
    key: `c${i}`,
    region: i % 7,
    pop: 1 + 50 * random(),
  }));
  for (const c of countries) {
    const all = 0.1 + 0.6 * random();
    put(`${c.key}|`, all, 1000, c.pop, random() < 0.01);
    for (const [v, k] of VARIABLES) {
      const raw = Array.from({ length: k }, () => 0.5 + random());
      const sum = raw.reduce((a, b) => a + b, 0);
      const shares = raw.map((r) => r / sum);
      // Levels around the country's value, shifted so that their weighted mean is exactly it (and within [0, 1]).
      const noise = shares.map(() => 0.2 * (random() - 0.5));
      const shift = shares.reduce((a, s, i) => a + s * (noise[i] ?? 0), 0);
      const children: { key: string; weight: number }[] = [];
      shares.forEach((share, i) => {
        const value = all + (noise[i] ?? 0) - shift;
        const n = Math.round(1000 * share);
        put(`${c.key}|${v}=${i}`, value, n, c.pop * share, n < 50 || random() < 0.03);
        children.push({ key: `${c.key}|${v}=${i}`, weight: c.pop * share });
      });
      relations.push({ parent: `${c.key}|`, children, total: c.pop });
    }
  }
  const subgroups = ['', ...VARIABLES.flatMap(([v, k]) => Array.from({ length: k }, (_, i) => `${v}=${i}`))];
  for (const s of subgroups) {
    const parents: { key: string; weight: number; members: typeof countries }[] = [
      ...Array.from({ length: 7 }, (_, r) => ({
        key: `r${r}|${s}`,
        weight: 0,
        members: countries.filter((c) => c.region === r),
      })),
      { key: `w|${s}`, weight: 0, members: countries },
    ];
    for (const p of parents) {
      const children = p.members.map((c) => ({ key: `${c.key}|${s}`, weight: weights.get(`${c.key}|${s}`) ?? 0 }));
      const total = children.reduce((a, c) => a + c.weight, 0);
      const value = children.reduce((a, c) => a + c.weight * (cells.get(c.key)?.values[0] ?? 0), 0) / total;
      put(p.key, value, 1000 * p.members.length, total, false);
      relations.push({ parent: p.key, children, total });
    }
  }
  return { id: `indicator${t}`, scale: { min: 0, max: 1 }, columns: ['share'], sumsToOne: false, cells, relations };
}

const rule = DisclosureRule.parse({});
const tables = Array.from({ length: INDICATORS }, (_, t) => table(t));
const cellCount = tables.reduce((a, t) => a + t.cells.size, 0);
const primary = tables.reduce((a, t) => a + [...t.cells.values()].filter((c) => c.primary).length, 0);
let t0 = performance.now();
const pattern = await protectTables(tables, new Map(), rule);
const protectMs = performance.now() - t0;
t0 = performance.now();
const intervals = await auditTables(tables, pattern, rule);
const auditMs = performance.now() - t0;
console.log(`${INDICATORS} tables × ${COUNTRIES} countries: ${cellCount} cells, ${primary} primary`);
console.log(
  `protectTables (LP complement search + LP verification): ${protectMs.toFixed(0)} ms → ${pattern.withheld.size} withheld (${pattern.withheld.size - primary} complementary)`,
);
console.log(
  `baseline, one audit of the final pattern (auditTables): ${auditMs.toFixed(0)} ms, ${intervals.length} LP intervals, ${intervals.filter((i) => !i.protected).length} narrower than required`,
);
