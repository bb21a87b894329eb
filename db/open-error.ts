/**
 * One line for a database that cannot be opened: which database (host and port, or the data
 * folder), and the cause (the network error code, PostgreSQL's own message and SQLSTATE, PGlite's
 * file-system errno). The password of a URL is never part of it, and neither is the failed query
 * nor a stack: the caller prints the message as it is.
 */

/** The database could not be reached or opened; `message` is one line, safe to print. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

/** `host:port/database` of a PostgreSQL URL: no user, no password, no parameters. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return 'the configured URL (not a valid URL)';
  }
}

/** The errors an error was caused by, itself first (at most 8: a cause chain can loop). */
function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = err; e !== undefined && e !== null && out.length < 8;) {
    out.push(e);
    e = typeof e === 'object' && 'cause' in e ? e.cause : undefined;
  }
  return out;
}

function field(e: unknown, name: string): string | undefined {
  if (typeof e !== 'object' || e === null || !(name in e)) return undefined;
  const v: unknown = Reflect.get(e, name);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** The first line of a text, at most 200 characters. */
function oneLine(text: string): string {
  const line = text.split('\n')[0]?.trim() ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * Why PostgreSQL could not be used, when the error (or one it was caused by) says so: a network
 * error (`code` like ECONNREFUSED, ENOTFOUND, CONNECT_TIMEOUT, with the driver's message) or an
 * error PostgreSQL answered before any query ran (SQLSTATE class 08 connection, 28 authorisation,
 * 3D unknown database, 57P03 starting up). Undefined for anything else, a failing migration say.
 */
export function postgresUnavailable(err: unknown, url: string): DatabaseUnavailableError | undefined {
  for (const e of causes(err)) {
    const code = field(e, 'code');
    if (code === undefined) continue;
    const message = oneLine(field(e, 'message') ?? '');
    const network = /^(E[A-Z]+|CONNECT_TIMEOUT|CONNECTION_[A-Z_]+)$/.test(code);
    const refused = /^(08|28|3D)/.test(code) || code === '57P03';
    if (network || refused)
      return new DatabaseUnavailableError(
        `cannot connect to PostgreSQL at ${describeUrl(url)}: ${message || code}${message.includes(code) ? '' : ` (${code})`}`,
      );
  }
  return undefined;
}

/**
 * Why PGlite could not open a data folder: its file-system errors are objects named ErrnoError
 * with an errno and no message (Emscripten's); anything else keeps its first line.
 */
export function pgliteUnavailable(err: unknown, dataDir: string): DatabaseUnavailableError {
  const errno = field(err, 'errno');
  const cause =
    field(err, 'name') === 'ErrnoError'
      ? `PGlite's file system failed (errno ${errno ?? 'unknown'})`
      : oneLine(err instanceof Error ? err.message : String(err));
  return new DatabaseUnavailableError(`cannot open the embedded database in ${dataDir}: ${cause}`);
}
