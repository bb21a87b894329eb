/**
 * One process per embedded database. PGlite is a single-process PostgreSQL: two processes
 * opening one data folder are two writers that know nothing of each other (a token created by
 * the CLI while the server runs was invisible to the server until restarted — and worse can
 * happen to the files). So the process that opens a PGlite data folder holds a lock file beside
 * it (`<dataDir>.lock`, JSON with the PID, host and start time), created exclusively; a lock
 * whose process is gone (killed, crashed) is stale and is taken over; the lock is removed when
 * the database is closed or the process exits.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
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

export function lockPathOf(dataDir: string): string {
  return `${resolve(dataDir)}.lock`;
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
    return { pid, host, since };
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    if (err instanceof SyntaxError) return undefined; // half-written by a process that died: stale
    throw err;
  }
}

/** A lock held by a live process on this host; a lock of another host cannot be checked, so it holds too. */
function live(owner: LockOwner): boolean {
  return owner.host !== hostname() || processAlive(owner.pid);
}

/**
 * Takes the lock of a PGlite data folder for this process, or throws DataDirLockedError naming the
 * process that holds it. Returns the release function (idempotent; also run at process exit).
 */
export function lockDataDir(dataDir: string): () => void {
  const path = lockPathOf(dataDir);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
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
