/**
 * The running server: database + migrations + app + listening socket, and a
 * graceful stop that stops accepting, lets in-flight requests finish, then
 * closes the database.
 */
import { existsSync } from 'node:fs';
import { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createDb, type DbHandle } from '../db/index.ts';
import { createApp, type App } from './app.ts';
import { limitConcurrency } from './api/concurrency.ts';
import { bootstrapDefinitions, type BootstrapResult } from './collection/bootstrap.ts';
import type { Config } from './config.ts';
import { redactUrl } from './config.ts';
import type { Logger } from './log.ts';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly db: DbHandle;
  readonly app: App;
  /** What loading the definitions did (undefined when they were not loaded). */
  readonly bootstrap: BootstrapResult | undefined;
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
  const db = await createDb(
    config.databaseUrl === undefined ? { kind: 'pglite', dataDir: config.dataDir } : { kind: 'postgres', url: config.databaseUrl },
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
  });
  let bootstrap: BootstrapResult | undefined;
  if (options.loadDefinitions !== false && existsSync(config.definitionsDir)) {
    try {
      bootstrap = await bootstrapDefinitions(db.db, config.definitionsDir, { openDemo: config.demo });
    } catch (err) {
      await db.close();
      throw err;
    }
    logger.info('definitions loaded', { dir: config.definitionsDir, ...bootstrap.summary, ...(bootstrap.openedDemo ? { openedDemo: bootstrap.openedDemo } : {}) });
  }
  const app = createApp({ db, logger, bodyLimit: config.bodyLimit, rateLimit: config.rateLimit, onePerDevice: config.onePerDevice });
  await options.extend?.(app, db);

  // Bounded work in flight: requests at work may outnumber the pool's connections, because the
  // respondent writes of concurrent requests share one statement per batch (collection/batch.ts)
  // and every other statement waits in db/pool.ts's FIFO, never inside the driver (whose internal
  // queue is what made throughput decay under overload: see db/pool.ts). Beyond this many, requests
  // queue here, and past the queue they are shed with 503 (api/concurrency.ts).
  const limited = limitConcurrency(app.fetch, {
    limit: 256,
    maxQueue: 4096,
    maxWaitMs: 5000,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: limited.fetch, port: config.port, hostname: config.host }, () => {
      if (s instanceof Server) resolve(s);
      else reject(new Error('expected an HTTP/1.1 server'));
    });
    s.once('error', reject);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected server address ${String(address)}`);
  const port = address.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('shutting down: finishing in-flight requests');
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
  return { url, port, db, app, bootstrap, stop };
}

/** On SIGTERM or SIGINT: stop gracefully, then exit (a second signal exits at once). */
export function stopOnSignals(server: RunningServer, logger: Logger, exit: (code: number) => void = process.exit): void {
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
