import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../config.ts';
import { createLogger } from '../../log.ts';
import { startServer, stopOnSignals } from '../../server.ts';
import { CliError, type CliCommand } from '../io.ts';

const usage = `barometer serve [options]

Runs the HTTP server. Without DATABASE_URL it uses embedded PGlite, persisted in the data folder.

Options (each also read from the environment variable in brackets; flags win):
  --port N              port to listen on [PORT] (default 3000; 0 picks a free one)
  --host H              address to bind [HOST] (default 127.0.0.1)
  --database-url URL    PostgreSQL connection URL [DATABASE_URL]
  --data-dir DIR        PGlite data folder [BAROMETER_DATA_DIR] (default ./.barometer/data)
  --log-level L         debug | info | warn | error | silent [LOG_LEVEL] (default info)
  --body-limit BYTES    largest request body [BAROMETER_BODY_LIMIT] (default 1048576)
  --shutdown-timeout S  seconds to wait for in-flight requests on SIGTERM [BAROMETER_SHUTDOWN_TIMEOUT] (default 10)`;

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run the HTTP server (embedded PGlite unless DATABASE_URL is set)',
  usage,
  async run(argv, io) {
    let values: Record<string, string | undefined>;
    try {
      values = parseArgs({
        args: [...argv],
        options: {
          port: { type: 'string' },
          host: { type: 'string' },
          'database-url': { type: 'string' },
          'data-dir': { type: 'string' },
          'log-level': { type: 'string' },
          'body-limit': { type: 'string' },
          'shutdown-timeout': { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      }).values;
    } catch (err) {
      throw new CliError(err instanceof Error ? err.message : String(err));
    }
    let config;
    try {
      config = loadConfig(io.env, values);
    } catch (err) {
      if (err instanceof ConfigError) throw new CliError(err.message);
      throw err;
    }
    const logger = createLogger(config.logLevel);
    const server = await startServer(config, { logger });
    stopOnSignals(server, logger);
    io.stdout(`Barometer is serving at ${server.url} (database: ${server.db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})\n`);
    await new Promise<never>(() => {});
    return 0;
  },
};
