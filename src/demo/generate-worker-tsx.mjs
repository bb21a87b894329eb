// The worker of a bulk build started from the TypeScript sources (tsx, vitest): Node 20 workers
// take no `--import`, so this registers tsx in the worker before loading generate-worker.ts.
// The compiled build starts dist/src/demo/generate-worker.js directly (worker-source.ts).
import { register } from 'tsx/esm/api';

register();
await import('./generate-worker.ts');
