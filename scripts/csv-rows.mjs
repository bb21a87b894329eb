// Rows of a CSV file whose fields are either "quoted" (no embedded quotes) or bare numbers, as
// objects keyed by the header's names (the reference copies in survey-definitions/ are all so).
import { readFileSync } from 'node:fs';

export function csvRows(path) {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const split = (line) => [...line.matchAll(/"([^"]*)"|([^,]+)/g)].map((m) => m[1] ?? m[2]);
  const names = split(header);
  return lines.map((line) => Object.fromEntries(split(line).map((v, i) => [names[i], v])));
}
