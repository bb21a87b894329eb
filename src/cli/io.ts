/** What a CLI command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
};

/**
 * A problem the user can act on: printed as one line `barometer <command>: <message>`
 * and turned into a non-zero exit code, never a stack trace.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command's module exports one, as `command` (its name and summary are in commands/all-commands.ts). */
export interface CliCommand {
  readonly usage: string;
  /** Returns the process exit code. Throw CliError for user-facing failures. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
