/**
 * One process per embedded database. PGlite is a single-process PostgreSQL: two processes
 * opening one data folder are two writers that know nothing of each other (a token created by
 * the CLI while the server runs was invisible to the server until restarted — and worse can
 * happen to the files). So the process that opens a PGlite data folder holds a lock file beside
 * it (`<dataDir>.lock`, JSON with the PID, host and start time), created exclusively; a lock
 * whose process is gone (killed, crashed) is stale and is taken over; the lock is removed when
 * the database is closed or the process exits. A PID alone does not name a process for long: after
 * a reboot or a container restart the PID is reused (often by the server itself, as PID 1), so on
 * Linux the lock also records the kernel's boot id and the process's start time in clock ticks
 * since boot (`/proc/<pid>/stat`, field 22; proc(5)), and a lock whose PID now belongs to a process
 * started at another time, or on another boot, is stale.
 */
import { readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  /** `/proc/sys/kernel/random/boot_id` when the lock was taken (Linux). */
  readonly boot?: string;
  /** The holder's start time, in clock ticks since boot (Linux). */
  readonly start?: string;
  /** Where the holder serves the database to other processes (a running server: db/socket.ts). */
  readonly socket?: string;
}

/** The data folder is held by another running process. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(`the embedded database in ${dataDir} is in use by process ${owner.pid} (since ${owner.since})`);
    this.name = 'DataDirLockedError';
  }
}

/** The lock file of a data folder: beside its real path (one folder reached by two names has one lock). */
export function lockPathOf(dataDir: string): string {
  let real = resolve(dataDir);
  try {
    real = realpathSync(dataDir);
  } catch {
    // Not created yet: its lock is beside the path as given.
  }
  return `${real}.lock`;
}

function isErrno(err: unknown, code: string): boolean {
  return err instanceof Error && 'code' in err && err.code === code;
}

/** True when a process with this id exists (EPERM: it exists but belongs to another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return isErrno(err, 'EPERM');
  }
}

/** The kernel's boot id, or undefined where there is none (not Linux). */
function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A process's start time in clock ticks since boot: field 22 of `/proc/<pid>/stat` (proc(5)),
 * counted after the command name, which is in parentheses and may itself hold spaces or ")".
 * Undefined when it cannot be read (no such process, not Linux).
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = fields[19];
    return start !== undefined && /^\d+$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

/** Who this process is, as its lock records it. */
function currentOwner(): LockOwner {
  const boot = bootId();
  const start = processStart(process.pid);
  return {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    ...(boot ? { boot } : {}),
    ...(start ? { start } : {}),
  };
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const pid: unknown = Reflect.get(parsed, 'pid');
    const host: unknown = Reflect.get(parsed, 'host');
    const since: unknown = Reflect.get(parsed, 'since');
    if (
      typeof pid !== 'number' ||
      !Number.isInteger(pid) ||
      pid <= 0 ||
      typeof host !== 'string' ||
      typeof since !== 'string'
    )
      return undefined;
    const boot: unknown = Reflect.get(parsed, 'boot');
    const start: unknown = Reflect.get(parsed, 'start');
    const socket: unknown = Reflect.get(parsed, 'socket');
    return {
      pid,
      host,
      since,
      ...(typeof boot === 'string' ? { boot } : {}),
      ...(typeof start === 'string' ? { start } : {}),
      ...(typeof socket === 'string' ? { socket } : {}),
    };
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    if (err instanceof SyntaxError) return undefined; // half-written by a process that died: stale
    throw err;
  }
}

/**
 * A lock held by a live process on this host: the PID exists and, where the lock recorded them,
 * on the same boot and started at the same tick (else the PID was reused). A lock of another
 * host cannot be checked, so it holds too.
 */
function live(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  const boot = bootId();
  if (owner.boot !== undefined && boot !== undefined && owner.boot !== boot) return false;
  if (!processAlive(owner.pid)) return false;
  const start = owner.start === undefined ? undefined : processStart(owner.pid);
  return start === undefined || start === owner.start;
}

/**
 * Takes the lock of a PGlite data folder for this process, or throws DataDirLockedError naming the
 * process that holds it. Returns the release function (idempotent; also run at process exit).
 */
export function lockDataDir(dataDir: string): () => void {
  const path = lockPathOf(dataDir);
  const me = currentOwner();
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(me)}\n`, { flag: 'wx' });
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
      const owner = readOwner(path);
      // A live holder, this process included (a second handle on the same folder is a second writer).
      if (owner !== undefined && live(owner)) throw new DataDirLockedError(resolve(dataDir), owner);
      rmSync(path, { force: true }); // stale: its process is gone
      continue;
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      const owner = readOwner(path);
      if (owner?.pid === me.pid && owner.since === me.since) rmSync(path, { force: true });
    };
    process.on('exit', release);
    return release;
  }
  throw new Error(`could not take the lock ${path}`);
}

/** The live process holding a data folder's lock, or undefined when none does (no lock, or a stale one). */
export function lockHolder(dataDir: string): LockOwner | undefined {
  const owner = readOwner(lockPathOf(dataDir));
  return owner !== undefined && live(owner) ? owner : undefined;
}

/** The socket a data folder's lock records, whether its holder is alive or not. */
export function recordedSocket(dataDir: string): string | undefined {
  return readOwner(lockPathOf(dataDir))?.socket;
}

/**
 * Records in this process's lock where it serves the database (`socket`), or that it no longer
 * does (undefined). The lock is replaced whole (written beside it, then renamed over it), so a
 * reader sees the old record or the new one, never half of one.
 */
export function recordSocket(dataDir: string, socket: string | undefined): void {
  const path = lockPathOf(dataDir);
  const owner = readOwner(path);
  if (owner?.pid !== process.pid) return;
  const { socket: _previous, ...rest } = owner;
  const next = socket === undefined ? rest : { ...rest, socket };
  const temporary = `${path}.${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(next)}\n`);
  renameSync(temporary, path);
}
