// Whether the compiled build in dist/ is fresh: its stamp is newer than every TypeScript file of
// the folders it compiles. Shared by bin/barometer.js and the tests that run the compiled command.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../', import.meta.url));

/** The newest modification time of the .ts files under a folder (plain paths: URL objects cost more than the stats). */
function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) t = Math.max(t, newest(p));
    else if (entry.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** The build's stamp, written last by scripts/build.mjs. */
export const stamp = join(root, 'dist', '.built');

export function compiledIsFresh() {
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return ['src', 'db', 'dashboards'].every((folder) => newest(join(root, folder)) < built);
}
