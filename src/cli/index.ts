import { DataDirLockedError } from '../../db/lock.ts';
import { DatabaseUnavailableError } from '../../db/open-error.ts';
import { commands } from './commands/all-commands.ts';
import { ConfigError } from '../errors.ts';
import { CliError, processIo, type CliIo } from './io.ts';

function help(io: CliIo): void {
  const width = Math.max(...commands.map((c) => c.name.length));
  io.stdout('Usage: barometer <command> [options]\n\nCommands:\n');
  for (const c of commands) io.stdout(`  ${c.name.padEnd(width)}  ${c.summary}\n`);
  io.stdout('\nRun `barometer <command> --help` for the options of one command.\n');
}

/** Entry point of the `barometer` command; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return name === undefined ? 1 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`barometer: unknown command "${name}" (try: ${commands.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  const { command } = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`barometer ${entry.name}: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof DataDirLockedError) {
      io.stderr(
        `barometer ${entry.name}: ${err.message}; PGlite allows one process per data folder, and that process does not share it (a running server does, once it is listening): wait for it or stop it (or use PostgreSQL through DATABASE_URL)\n`,
      );
      return 1;
    }
    if (err instanceof DatabaseUnavailableError) {
      io.stderr(`barometer ${entry.name}: ${err.message}\n`);
      return 1;
    }
    if (isParseArgsError(err) || err instanceof ConfigError) {
      io.stderr(`barometer ${entry.name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** An error of `util.parseArgs` (unknown flag, missing value…): the user's to fix, shown as one line like a CliError. */
function isParseArgsError(err: unknown): err is Error {
  return (
    err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS_')
  );
}
