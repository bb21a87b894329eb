/** A captured CliIo for running `barometer` commands in tests. */
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/index.ts';

export const repoRoot = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');

export async function runCli(
  argv: string[],
  cwd = repoRoot,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd, env: {} };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
