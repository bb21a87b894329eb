import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../log.ts';
import { startServer, stopOnSignals } from '../../server.ts';
import { listOpenWaves } from '../../collection/catalog.ts';
import { DefinitionsInvalidError } from '../../collection/bootstrap.ts';
import { CliError, type CliCommand } from '../io.ts';

const usage = `barometer serve [options]

Runs the HTTP server. Without DATABASE_URL it uses embedded PGlite, persisted in the data folder,
and serves that database to other barometer commands on the Unix socket DIR/.s.PGSQL.5432
(mode 0600), so token, waves, export, weight… work while the server runs.

Options (each also read from the environment variable in brackets; flags win):
  --port N              port to listen on [PORT] (default 3000; 0 picks a free one)
  --host H              address to bind [HOST] (default 127.0.0.1)
  --database-url URL    PostgreSQL connection URL [DATABASE_URL]
  --data-dir DIR        PGlite data folder [BAROMETER_DATA_DIR] (default ./.barometer/data)
  --log-level L         debug | info | warn | error | silent [LOG_LEVEL] (default info)
  --body-limit BYTES    largest request body [BAROMETER_BODY_LIMIT] (default 1048576)
  --shutdown-timeout S  seconds to wait for in-flight requests on SIGTERM [BAROMETER_SHUTDOWN_TIMEOUT] (default 10)
  --definitions DIR     study definitions to load [BAROMETER_DEFINITIONS] (default ./survey-definitions)
  --demo true|false     open the demo wave on a fresh database [BAROMETER_DEMO] (default true)
  --demo-world N        on a fresh database, build the demo world in the background with N completes
                        per country per wave (npm start: 1000) [BAROMETER_DEMO_WORLD] (default 0: off)
  --demo-scenario S     that world's scenario, realistic | textbook [BAROMETER_DEMO_SCENARIO] (default realistic)
  --demo-planned B      that world also fields the planned 2028 wave (the perception question), simulated
                        as a preview of what it will publish [BAROMETER_DEMO_PLANNED] (default false)
  --rate-limit N        session starts per minute per address, 0 = off [BAROMETER_RATE_LIMIT] (default 120)
  --one-per-device B    web open links take one response per device (cookie) [BAROMETER_ONE_PER_DEVICE] (default true)
  --body-timeout S      seconds a request body may take to arrive, then 408 [BAROMETER_BODY_TIMEOUT] (default 10)
  --public-url URL      public base URL, e.g. https://survey.example.org [BAROMETER_PUBLIC_URL]
  --trust-proxy B       trust X-Forwarded-Proto/-For from a reverse proxy [BAROMETER_TRUST_PROXY] (default false)`;

export const command: CliCommand = {
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'database-url': { type: 'string' },
        'data-dir': { type: 'string' },
        'log-level': { type: 'string' },
        'body-limit': { type: 'string' },
        'shutdown-timeout': { type: 'string' },
        definitions: { type: 'string' },
        demo: { type: 'string' },
        'demo-world': { type: 'string' },
        'demo-scenario': { type: 'string' },
        'demo-planned': { type: 'string' },
        'rate-limit': { type: 'string' },
        'one-per-device': { type: 'string' },
        'body-timeout': { type: 'string' },
        'public-url': { type: 'string' },
        'trust-proxy': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    const config = loadConfig(io.env, values);
    const logger = createLogger(config.logLevel);
    let server;
    try {
      server = await startServer(config, { logger });
    } catch (err) {
      if (err instanceof DefinitionsInvalidError) throw new CliError(err.message);
      throw err;
    }
    stopOnSignals(server, logger);
    io.stdout(
      `Barometer is serving at ${server.url} (database: ${server.db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})\n`,
    );
    io.stdout(`  Dashboards: ${server.url}/dashboards/\n`);
    if (server.db.socket !== undefined)
      io.stdout(`  Other barometer commands (token, waves, export…) reach this database through ${server.db.socket}\n`);
    const showOpenWaves = async () => {
      const waves = await listOpenWaves(server.db.db);
      for (const wave of waves)
        io.stdout(`  Take the survey "${wave.title}" (${wave.code}): ${server.url}/w/${wave.id}\n`);
      return waves.length;
    };
    if (server.demoWorld) {
      io.stdout(
        `  Building the demo world (${config.demoWorld.toLocaleString('en')} completes per country per wave, 51 countries, ${config.demoPlanned ? '2022–2028 (2028 planned, simulated as a preview)' : '2022–2026'}, ${config.demoScenario} scenario) in the background…\n`,
      );
      void server.demoWorld.done.then(async (outcome) => {
        if (!outcome.ok) return;
        io.stdout(
          `Demo world ready in ${outcome.seconds.toFixed(1)} s: ${outcome.responses.toLocaleString('en')} responses, weighted, series and campaign reports at ${server.url}/v1/studies/migration-perceptions/indicators\n`,
        );
        await showOpenWaves();
      });
    } else if ((await showOpenWaves()) === 0) {
      io.stdout('  No wave is open: open one with the researcher API (see the README).\n');
    }
    io.stdout(`  API description: ${server.url}/v1/openapi.json\n`);
    await new Promise<never>(() => {});
    return 0;
  },
};
