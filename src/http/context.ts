import type { RequestIdVariables } from 'hono/request-id';
import type { DbHandle } from '../../db/index.ts';
import type { Study } from '../instrument/index.ts';
import type { Logger } from '../log.ts';

/** What every route and middleware can read from the context. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    log: Logger;
    /** Set by transport(): the client reached us over https (forwarded headers count only with BAROMETER_TRUST_PROXY). */
    https: boolean;
    /** Set by transport(): the client's address (the proxy's X-Forwarded-For entry only with BAROMETER_TRUST_PROXY). */
    clientAddress: string;
  };
}

/** What `createApp` needs from the outside world. */
export interface AppDeps {
  readonly db: DbHandle;
  readonly logger: Logger;
  /** Largest request body, in bytes. */
  readonly bodyLimit: number;
  readonly version?: string;
  /** Session starts per minute per client address (0: no limit). */
  readonly rateLimit?: number;
  /** The public base URL (BAROMETER_PUBLIC_URL, no trailing slash): links and the API description's server. */
  readonly publicUrl?: string | undefined;
  /** The address the server listens on, once it does (server.ts): links when no public URL is configured. */
  readonly listeningUrl?: () => string | undefined;
  /** The concurrency bound's counts (server.ts); /readyz answers 503 while requests queue for a slot. */
  readonly load?: () => { readonly inFlight: number; readonly waiting: number; readonly limit: number };
  /** Open links in the web pages allow one submitted response per device (cookie); default true. */
  readonly onePerDevice?: boolean;
  /**
   * The study definitions this server loaded (made with defineStudy; the API runs weightings and
   * describes campaigns from them). `apiRoutes` checks them once, when the app is made, and throws
   * on an invalid one.
   */
  readonly studies?: readonly Study[];
  /** Trust X-Forwarded-Proto and X-Forwarded-For (BAROMETER_TRUST_PROXY); default false. */
  readonly trustProxy?: boolean;
}

/**
 * The origin of links that leave a page (resume links, embed snippets, citations, download
 * addresses): the configured public address, else the one the server listens on — never the
 * request's Host header, which the client chooses.
 */
export function linkOrigin(deps: Pick<AppDeps, 'publicUrl' | 'listeningUrl'>): string {
  return deps.publicUrl ?? deps.listeningUrl?.() ?? 'http://localhost';
}
