/**
 * A real server process for shutdown tests: the production start-up and signal
 * handling, plus one slow route. Prints `LISTENING <url>` when it accepts requests.
 */
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startServer, stopOnSignals } from '../../src/server.ts';

const config = loadConfig(process.env, { port: '0' });
const logger = createLogger(config.logLevel);
const server = await startServer(config, {
  logger,
  extend: (app) => {
    app.get('/test/slow', async (c) => {
      const ms = Number(c.req.query('ms') ?? '1000');
      await new Promise((r) => setTimeout(r, ms));
      return c.json({ finished: true, ms });
    });
  },
});
stopOnSignals(server, logger);
process.stdout.write(`LISTENING ${server.url}\n`);
