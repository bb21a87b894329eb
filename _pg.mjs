import { PGlite } from '@electric-sql/pglite';
const dir = process.argv[2];
const t = performance.now();
const db = await PGlite.create(dir);
await db.query('select 1');
const mu = process.memoryUsage();
console.log('open', (performance.now()-t).toFixed(0),'ms rss', (mu.rss/2**20).toFixed(0), 'MB; maxRSS', (process.resourceUsage().maxRSS/1024).toFixed(0), 'MB; external', (mu.external/2**20).toFixed(0), 'arrayBuffers', (mu.arrayBuffers/2**20).toFixed(0));
await db.close();
