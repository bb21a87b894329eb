/** Structured logs: one JSON object a line on stderr, filtered by level. */
import type { LogLevel } from './config.ts';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A class, not an object of closures: a child is made for every request. */
class JsonLogger implements Logger {
  constructor(
    private readonly level: LogLevel,
    private readonly write: (line: string) => void,
    private readonly base: LogFields,
  ) {}

  private emit(lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields): void {
    if (rank[lvl] < rank[this.level]) return;
    this.write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...this.base, ...fields })}\n`);
  }

  debug(msg: string, fields?: LogFields): void {
    this.emit('debug', msg, fields);
  }

  info(msg: string, fields?: LogFields): void {
    this.emit('info', msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.emit('warn', msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.emit('error', msg, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger(this.level, this.write, { ...this.base, ...fields });
  }
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line),
  base: LogFields = {},
): Logger {
  return new JsonLogger(level, write, base);
}

export const silentLogger: Logger = createLogger('silent');

/** A quoted value at the end of a database message (`invalid input syntax for type json: "…"`). */
const quotedValue = /: "(?:[^"\\]|\\.)*"$/;

function safeMessage(err: Error): string {
  // drizzle's DrizzleQueryError: "Failed query: <sql>\nparams: <values>" — the values are data.
  const cut = err.message.indexOf('\nparams:');
  return (cut < 0 ? err.message : err.message.slice(0, cut)).replace(quotedValue, ': "…"');
}

function field(value: object, key: string): string | undefined {
  const v: unknown = Reflect.get(value, key);
  return typeof v === 'string' ? v : undefined;
}

/**
 * An error as a log field without the data it may carry: name, message (without a failed query's
 * parameters or a quoted value), the stack's frames only, and of a database cause its SQLSTATE,
 * routine and constraint — never its detail, context or parameters, which hold the rows'
 * values (answers, contacts). Logs must never hold answers or contacts.
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .join('\n');
  const out: Record<string, unknown> = { name: err.name, message: safeMessage(err), stack: frames };
  const cause: unknown = err.cause;
  if (typeof cause === 'object' && cause !== null) {
    const code = field(cause, 'code');
    out.cause = {
      name: cause instanceof Error ? cause.name : 'unknown',
      ...(cause instanceof Error ? { message: safeMessage(cause) } : {}),
      ...(code === undefined ? {} : { code }),
      ...(field(cause, 'routine') === undefined ? {} : { routine: field(cause, 'routine') }),
      ...((field(cause, 'constraint_name') ?? field(cause, 'constraint'))
        ? { constraint: field(cause, 'constraint_name') ?? field(cause, 'constraint') }
        : {}),
    };
  }
  return out;
}
