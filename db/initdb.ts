/**
 * Creating a new PGlite data folder. PGlite runs initdb inside its WebAssembly instance, whose
 * memory grows to about 850 MB for it and never shrinks: a server that created its own folder kept
 * that resident for its whole life (about 900 MB after a first `npm start`, 280 MB after a
 * restart). initdb therefore runs in a short-lived child process; the server then opens the
 * ready folder as on any later start.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Whether `dir` already holds a PostgreSQL cluster (initdb writes PG_VERSION first). */
export function isInitialised(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION'));
}

/**
 * What went wrong in the initdb child, from its stderr: PGlite's file-system error (an
 * `ErrnoError` printed as an object, its errno the only clue), else the last line that says Error.
 */
function initdbCause(stderr: string): string {
  const errno = /ErrnoError[\s\S]*?errno: (\d+)/.exec(stderr);
  if (errno) return `PGlite's file system failed (errno ${errno[1]})`;
  const lines = stderr.split('\n').filter((l) => /error/i.test(l) && !/^\s+at /.test(l));
  return (lines.at(-1) ?? stderr.trim().split('\n').at(-1) ?? '').trim().slice(0, 200);
}

/** Runs PGlite's initdb on the empty folder `dir` in a child process; rejects with its stderr on failure. */
export function initialiseDataDir(dir: string): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const code = `require(${JSON.stringify(pglite)}).PGlite.create(${JSON.stringify(dir)}).then((db) => db.close())`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (status, signal) => {
      if (status === 0 && isInitialised(dir)) resolve();
      else
        reject(
          new Error(
            `could not create the database in ${dir} (initdb ${signal ? `killed by ${signal}` : `exited ${status}`}): ${initdbCause(stderr)}`,
          ),
        );
    });
  });
}
