/**
 * The embedded database of a running server, served to CLI commands on a Unix socket in its data
 * folder (`<dataDir>/.s.PGSQL.5432`, the name PostgreSQL gives its own socket, so `psql -h
 * <dataDir> -U postgres` reaches it too). PGlite is one PostgreSQL backend in this process: a
 * second PGlite on the same folder would be a second writer that knows nothing of the first, so a
 * CLI command beside the server speaks the PostgreSQL wire protocol through this socket to the
 * server's own PGlite instead (db/index.ts, `viaServer`).
 *
 * One backend, shared: the server's own queries (drizzle over PGlite's `query` and `transaction`)
 * and every socket client take turns on it. A client holds the backend from its first message
 * until it is idle again — after a Sync or a simple Query, outside a transaction — by holding
 * PGlite's own two locks (the transaction lock, then the query lock, in the order PGlite takes
 * them), so none of the server's statements runs inside a CLI transaction or between a client's
 * Parse and its Sync, and no CLI statement runs inside a server transaction. While a CLI command
 * holds a transaction, the server's requests wait for it (as they would for one of its own).
 * A client that disconnects holding the backend has its exchange ended (Sync), its transaction
 * rolled back and its prepared statements deallocated before the turn passes on.
 *
 * Why not `@electric-sql/pglite-socket`: its queue takes PGlite's query lock one message at a
 * time, so the in-process queries of the server could run between a client's BEGIN and COMMIT
 * (inside the CLI's transaction); and every release of it pins its peer dependency to one exact
 * PGlite version (0.2.18 wants 0.5.15, this project runs 0.5.16), with seven extension packages.
 * The protocol work is PGlite's (`execProtocolRawStream`); what is here is framing and turns.
 *
 * Local only by construction: a Unix socket, mode 0600 (only the user running the server can
 * connect); PGlite does no authentication.
 */
import { chmodSync, lstatSync, mkdtempSync, rmdirSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

/** The socket's name, as PostgreSQL names its own (libpq finds it from a host that is a folder). */
export const socketName = '.s.PGSQL.5432';

/** `sun_path` holds 108 bytes on Linux (104 on macOS), its terminating NUL included. */
const maxSocketPath = 103;

/** The largest message taken (PostgreSQL's own limit for a message is 1 GB). */
const maxMessage = 1 << 30;

const sslRequest = 80877103;
const gssRequest = 80877104;
const cancelRequest = 80877102;

/** Messages after which the client's exchange goes on: the extended-query messages before Sync, and COPY data. */
const midExchange = new Set([...'PBDECHd'].map((c) => c.charCodeAt(0)));
const terminate = 'X'.charCodeAt(0);
const parse = 'P'.charCodeAt(0);

export interface SocketServer {
  /** Where it listens. */
  readonly path: string;
  /** Stops accepting, ends every connection (rolling back a transaction it left open), removes the socket file. */
  close(): Promise<void>;
}

/** A frontend message: type byte, then its length (which counts itself) and body. */
function message(type: string, body: string): Uint8Array {
  const text = Buffer.from(body, 'utf8');
  const out = Buffer.alloc(5 + text.length);
  out.write(type, 0, 'latin1');
  out.writeInt32BE(4 + text.length, 1);
  text.copy(out, 5);
  return out;
}
const sync = message('S', '');
const query = (sql: string) => message('Q', `${sql}\0`);

/** Removes a socket file left by a process that is gone (the caller holds the data folder's lock). */
export function removeStaleSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) rmSync(path, { force: true });
  } catch {
    // Not there.
  }
}

/** The private temporary folders sockets are made in when not in the data folder. */
const temporaryPrefix = 'barometer-pgsocket-';

/** Removes a stale socket made outside the data folder, with its private temporary folder. */
export function removeStaleTemporarySocket(path: string): void {
  removeStaleSocket(path);
  const folder = dirname(path);
  if (dirname(folder) !== tmpdir() || !basename(folder).startsWith(temporaryPrefix)) return;
  try {
    rmdirSync(folder); // only when empty
  } catch {
    // Gone already, or not empty: not ours to remove.
  }
}

/** Starts `server` listening on `path`. */
function listen(server: Server, path: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Listens in the data folder, or in a private temporary folder (mode 0700) when the socket's path
 * there would be too long or the folder's file system takes no socket (some network and
 * container-mounted file systems).
 */
async function listenFor(server: Server, dataDir: string): Promise<{ path: string; cleanup: () => void }> {
  const inside = join(dataDir, socketName);
  if (Buffer.byteLength(inside) <= maxSocketPath) {
    removeStaleSocket(inside);
    try {
      await listen(server, inside);
      return { path: inside, cleanup: () => {} };
    } catch {
      // Tried again below, outside the data folder.
    }
  }
  const dir = mkdtempSync(join(tmpdir(), temporaryPrefix));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const path = join(dir, socketName);
  try {
    await listen(server, path);
  } catch (err) {
    cleanup();
    throw err;
  }
  return { path, cleanup };
}

/** Serves `client` (the PGlite of `dataDir`, held by this process) on a Unix socket. */
export async function serveSocket(client: PGlite, dataDir: string): Promise<SocketServer> {
  /** The connection holding the backend, and how to let it go. */
  let holder: { readonly conn: object; readonly release: () => void } | undefined;
  const hold = async (conn: object): Promise<void> => {
    if (holder?.conn === conn) return;
    await new Promise<void>((held, failed) => {
      client
        ._runExclusiveTransaction(() =>
          client._runExclusiveQuery(
            () =>
              new Promise<void>((release) => {
                holder = { conn, release };
                held();
              }),
          ),
        )
        .catch(failed);
    });
  };
  const letGo = (conn: object) => {
    if (holder?.conn !== conn) return;
    const { release } = holder;
    holder = undefined;
    release();
  };

  const connections = new Map<Socket, Promise<void>>();
  const server = createServer((socket) => {
    const conn = {};
    let buffer: Buffer = Buffer.alloc(0);
    let started = false;
    let inExchange = false;
    const statements = new Set<string>();
    let work = Promise.resolve();
    const send = (data: Uint8Array) => {
      if (!socket.destroyed) socket.write(Buffer.from(data));
    };
    const run = async (msg: Uint8Array, type: number | undefined) => {
      await hold(conn);
      await client.execProtocolRawStream(msg, { onRawData: send });
      inExchange = type !== undefined && midExchange.has(type);
      if (!inExchange && !client.isInTransaction()) letGo(conn);
    };
    /** Handles every complete message in the buffer, in order. */
    const drain = async () => {
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (length < 8 || length > maxMessage) throw new Error(`malformed startup packet (${length} bytes)`);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          const packet = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          if (code === sslRequest || code === gssRequest) socket.write('N');
          else if (code === cancelRequest) socket.end();
          else {
            await run(packet, undefined);
            started = true;
          }
          continue;
        }
        if (buffer.length < 5) return;
        const length = 1 + buffer.readInt32BE(1);
        if (length < 5 || length > maxMessage) throw new Error(`malformed message (${length} bytes)`);
        if (buffer.length < length) return;
        const type = buffer[0];
        const raw = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        if (type === terminate) {
          socket.end();
          return;
        }
        // A named statement lives on in the shared backend: remembered, to be deallocated at the end.
        const name = type === parse ? raw.toString('utf8', 5, raw.indexOf(0, 5)) : '';
        if (name !== '') statements.add(name);
        await run(new Uint8Array(raw), type);
      }
    };
    /** The connection is gone: end what it left open on the shared backend, then pass the turn on. */
    const finish = async () => {
      if (client.closed) return;
      const leftOpen = holder?.conn === conn;
      if (!leftOpen && statements.size === 0) return;
      await hold(conn);
      try {
        if (inExchange) await client.execProtocolRaw(sync);
        if (client.isInTransaction()) await client.execProtocolRaw(query('ROLLBACK'));
        for (const name of statements)
          await client.execProtocolRaw(query(`DEALLOCATE "${name.replaceAll('"', '""')}"`));
      } finally {
        letGo(conn);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      work = work.then(drain).catch(() => {
        socket.destroy();
      });
    });
    socket.on('error', () => socket.destroy());
    const closed = new Promise<void>((resolve) => {
      socket.once('close', () => {
        work = work
          .catch(() => {})
          .then(finish)
          .catch(() => {})
          .finally(() => {
            connections.delete(socket);
            resolve();
          });
      });
    });
    connections.set(socket, closed);
  });

  const { path, cleanup } = await listenFor(server, dataDir);
  chmodSync(path, 0o600);
  // A process that exits without closing (an uncaught error) leaves no socket file behind either.
  const removeAtExit = () => {
    removeStaleSocket(path);
    cleanup();
  };
  process.on('exit', removeAtExit);

  let closing: Promise<void> | undefined;
  return {
    path,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        const open = [...connections.entries()];
        for (const [socket] of open) socket.destroy();
        await Promise.all(open.map(([, closed]) => closed));
        await stopped;
        process.off('exit', removeAtExit);
        removeAtExit();
      })();
      return closing;
    },
  };
}
