/** The asset route serves its two files and nothing else: names of Object.prototype members find nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { createScratchDb, type ScratchDb } from '../helpers/db.ts';

describe('GET /assets/:name', () => {
  let scratch: ScratchDb;
  let app: App;
  beforeAll(async () => {
    scratch = await createScratchDb('pglite', { migrate: false });
    app = createApp({ db: scratch.handle, logger: silentLogger, bodyLimit: 64 * 1024 });
  });
  afterAll(() => scratch.dispose());

  it('serves the stylesheet and the script', async () => {
    for (const name of ['barometer.css', 'barometer.js']) {
      const res = await app.request(`/assets/${name}`);
      expect(res.status).toBe(200);
      expect((await res.text()).length).toBeGreaterThan(100);
    }
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'])(
    'answers 404 for /assets/%s',
    async (name) => {
      const res = await app.request(`/assets/${name}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).not.toMatch(/css|javascript/);
    },
  );
});
