import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
const dir = process.argv[2];
const url = import.meta.resolve('@electric-sql/pglite');
const t = performance.now();
await new Promise((res, rej) => {
  const w = new Worker(`import(${JSON.stringify(url)}).then(async ({ PGlite }) => { const db = await PGlite.create(${JSON.stringify(dir)}); await db.close(); })`, { eval: true });
  w.on('exit', res); w.on('error', rej);
});
const t1 = performance.now();
console.log('worker initdb', (t1 - t).toFixed(0), 'ms; rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0));
const db = await PGlite.create(dir);
await db.query('select 1');
console.log('opened', (performance.now() - t1).toFixed(0), 'ms; rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0), 'maxRSS', (process.resourceUsage().maxRSS / 1024).toFixed(0));
