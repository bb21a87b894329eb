/**
 * The running server: database + migrations + app + listening socket, and a
 * graceful stop that stops accepting, lets in-flight requests finish, then
 * closes the database.
 */
import { existsSync } from 'node:fs';
import { Server } from 'node:http';
import { serve, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { createDb, type DbHandle } from '../db/index.ts';
import { createApp, type App } from './app.ts';
import { readBodiesFirst } from './api/body-first.ts';
import { limitConcurrency, pathOf } from './api/concurrency.ts';
import { clientIdentity } from './http/middleware.ts';
import { bootstrapDefinitions, noWaveEverOpened, type BootstrapResult } from './collection/bootstrap.ts';
import { startDemoWorld, type DemoWorldJob } from './demo/background.ts';
import type { Config } from './config.ts';
import { redactUrl } from './config.ts';
import type { Logger } from './log.ts';
import { loadStudies, type Study } from './instrument/index.ts';
import { publishedSeriesAndCampaigns, warmCampaignReports } from './indicators/campaign/stored.ts';
import type { DashboardSource } from '../dashboards/source.ts';

/** What @hono/node-server hands the fetch handler. */
type NodeEnv = HttpBindings | Http2Bindings;

const concurrency = { limit: 256, maxQueue: 4096, maxWaitMs: 5000 };

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly db: DbHandle;
  readonly app: App;
  /** What loading the definitions did (undefined when they were not loaded). */
  readonly bootstrap: BootstrapResult | undefined;
  /** The demo world being built in the background (a fresh database with `demoWorld` > 0). */
  readonly demoWorld: DemoWorldJob | undefined;
  /** Stops accepting connections, waits for in-flight requests (up to the shutdown timeout), closes the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly logger: Logger;
  /** Adds routes before the server listens (the collection and researcher APIs, test routes). */
  readonly extend?: (app: App, db: DbHandle) => void | Promise<void>;
  /** Load survey-definitions/ (and open the demo wave on a fresh database); default true. */
  readonly loadDefinitions?: boolean;
}

export async function startServer(config: Config, options: StartOptions): Promise<RunningServer> {
  const { logger } = options;
  // On the embedded database, CLI commands reach it through a socket in the data folder while
  // the server holds it (db/socket.ts): PGlite allows one process per folder.
  const db = await createDb(
    config.databaseUrl === undefined
      ? { kind: 'pglite', dataDir: config.dataDir, serveSocket: true }
      : { kind: 'postgres', url: config.databaseUrl },
  );
  try {
    await db.migrate();
  } catch (err) {
    await db.close();
    throw err;
  }
  logger.info('database ready', {
    kind: db.kind,
    where: config.databaseUrl === undefined ? config.dataDir : redactUrl(config.databaseUrl),
    ...(db.socket === undefined ? {} : { socket: db.socket }),
  });
  if (db.socketProblem !== undefined)
    logger.warn('no socket for CLI commands: they stop while the server runs', { reason: db.socketProblem });
  let bootstrap: BootstrapResult | undefined;
  let buildWorld = false;
  if (options.loadDefinitions !== false && existsSync(config.definitionsDir)) {
    try {
      // A fresh database with a demo world asked for: the world opens the demo wave itself, once built.
      buildWorld = config.demoWorld > 0 && (await noWaveEverOpened(db.db));
      bootstrap = await bootstrapDefinitions(db.db, config.definitionsDir, {
        openDemo: config.demo && !buildWorld,
        closeAsDefined: !buildWorld,
      });
    } catch (err) {
      await db.close();
      throw err;
    }
    logger.info('definitions loaded', {
      dir: config.definitionsDir,
      ...bootstrap.summary,
      ...(bootstrap.openedDemo ? { openedDemo: bootstrap.openedDemo } : {}),
    });
  }
  // The dashboards read the loaded studies' materialised series from the database (public view:
  // suppressed values withheld; each study's own minimumN); a study not materialised shows no data.
  let studies: readonly Study[] = bootstrap?.studies ?? [];
  if (!bootstrap && options.loadDefinitions !== false && existsSync(config.definitionsDir))
    studies = (await loadStudies(config.definitionsDir)).studies.map((s) => s.study);
  const dashboards: DashboardSource = publishedSeriesAndCampaigns(db.db, studies);
  let limited: ReturnType<typeof limitConcurrency<[NodeEnv]>> | undefined;
  const load = () => ({
    inFlight: limited?.semaphore.inFlight ?? 0,
    waiting: limited?.semaphore.waiting ?? 0,
    limit: concurrency.limit,
  });
  let url: string | undefined;
  const app = createApp(
    {
      listeningUrl: () => url,
      db,
      logger,
      bodyLimit: config.bodyLimit,
      rateLimit: config.rateLimit,
      onePerDevice: config.onePerDevice,
      publicUrl: config.publicUrl,
      trustProxy: config.trustProxy,
      load,
      ...(bootstrap ? { studies: bootstrap.studies } : {}),
    },
    { dashboards },
  );
  await options.extend?.(app, db);

  // Bounded work in flight: requests at work may outnumber the pool's connections, because the
  // respondent writes of concurrent requests share one statement per batch (collection/batch.ts)
  // and every other statement waits in db/pool.ts's FIFO, never inside the driver (whose internal
  // queue is what made throughput decay under overload: see db/pool.ts). Beyond this many, requests
  // queue here, and past the queue they are shed with 503 (api/concurrency.ts).
  limited = limitConcurrency((request: Request, env: NodeEnv) => app.fetch(request, env), concurrency);
  // Bodies are read before a request takes a slot (api/body-first.ts): a slow or stalled body
  // holds a socket, never a slot; it gets 408 after the body timeout.
  const fetch = readBodiesFirst(limited.fetch, {
    maxBytes: config.bodyLimit,
    timeoutMs: config.bodyTimeout * 1000,
    maxPerAddress: 64,
    clientOf: (request, socket) => clientIdentity(request.headers.get('x-forwarded-for'), socket, config.trustProxy),
    onClientAbort: (request, err) =>
      logger.info('client aborted', { method: request.method, path: pathOf(request.url), received: err.received }),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch, port: config.port, hostname: config.host }, () => {
      if (s instanceof Server) resolve(s);
      else reject(new Error('expected an HTTP/1.1 server'));
    });
    s.once('error', reject);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected server address ${String(address)}`);
  const port = address.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  logger.info('listening', { url, pid: process.pid });

  const demoWorld = buildWorld
    ? startDemoWorld(db.db, {
        completes: config.demoWorld,
        scenario: config.demoScenario,
        planned: config.demoPlanned,
        logger,
      })
    : undefined;
  // On a database that already holds weighted waves, the campaigns' reports are computed now, in
  // the background, rather than by their first reader (seconds each on a full world).
  const warmingStopped = new AbortController();
  const warming = demoWorld === undefined && studies.length > 0 ? warm() : undefined;
  async function warm(): Promise<void> {
    const started = Date.now();
    try {
      const reports = await warmCampaignReports(db.db, studies, warmingStopped.signal);
      // Each study with materialised series: its overview rendered once, which reads them into the
      // dashboards' cache (a study with none has nothing to read).
      for (const study of studies) {
        const lang = study.instruments[0]?.languages[0]?.code ?? 'en';
        if (warmingStopped.signal.aborted || (await dashboards.version(study.id)) === '') continue;
        await (await app.request(`/dashboards/${study.id}/${lang}/`)).text();
      }
      if (reports > 0) logger.info('campaign reports ready', { reports, seconds: (Date.now() - started) / 1000 });
    } catch (err) {
      if (!stopping)
        logger.error('campaign reports failed', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('shutting down: finishing in-flight requests');
      await demoWorld?.stop();
      warmingStopped.abort();
      await warming;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        logger.warn('shutdown timeout: closing remaining connections');
        server.closeAllConnections();
      }, config.shutdownTimeout * 1000);
      await closed;
      clearTimeout(timer);
      await db.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  return { url, port, db, app, bootstrap, demoWorld, stop };
}

/** On SIGTERM or SIGINT: stop gracefully, then exit (a second signal exits at once). */
export function stopOnSignals(
  server: RunningServer,
  logger: Logger,
  exit: (code: number) => void = process.exit,
): void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      logger.warn('second signal: exiting now', { signal });
      exit(1);
      return;
    }
    received = true;
    logger.info('signal received', { signal });
    server.stop().then(
      () => exit(0),
      (err: unknown) => {
        logger.error('shutdown failed', { error: err instanceof Error ? err.message : String(err) });
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
