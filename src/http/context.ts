import type { RequestIdVariables } from 'hono/request-id';
import type { DbHandle } from '../../db/index.ts';
import type { Logger } from '../log.ts';

/** What every route and middleware can read from the context. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    log: Logger;
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
  /** Open links in the web pages allow one submitted response per device (cookie); default true. */
  readonly onePerDevice?: boolean;
}
