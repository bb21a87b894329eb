/**
 * Loading study definitions (TypeScript that researchers edit) from the compiled `barometer`.
 *
 * Under tsx or vitest a definition is imported as it is. The compiled command (dist/) has no
 * TypeScript loader: registering one (tsx's module hooks) costs a worker thread and a round trip
 * per import, about half of `barometer lint`'s time. Instead the study is bundled in memory with
 * esbuild (tens of milliseconds) and imported from a `data:` URL. Its imports of the project's
 * own `src/` and `db/` modules are left as imports of their compiled copies in dist/, so the
 * definition and the command share one instance of each module (the DSL's brands and classes).
 */
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** True when this module runs from the compiled build (dist/…/*.js) rather than its TypeScript source. */
export function runningCompiled(): boolean {
  return import.meta.url.endsWith('.js');
}

/** The project root and its dist/ folder, seen from this module's place in dist/src/instrument/. */
function layout(): { root: string; dist: string } {
  const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return { root: dirname(dist), dist };
}

/**
 * Bundles the study entry `file` and returns a `data:` URL to import. Imports that resolve to a
 * `.ts` file of the project's `src/` or `db/` become imports of the compiled `.js` in dist/.
 */
export async function bundleDefinition(file: string): Promise<string> {
  const { build } = await import('esbuild');
  const { root, dist } = layout();
  const result = await build({
    entryPoints: [file],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    sourcemap: 'inline',
    plugins: [
      {
        name: 'barometer-compiled-modules',
        setup(b) {
          b.onResolve({ filter: /\.ts$/ }, (args) => {
            const target = resolve(args.resolveDir, args.path);
            const rel = relative(root, target);
            if (rel.startsWith(`src${sep}`) || rel.startsWith(`db${sep}`))
              return { path: pathToFileURL(join(dist, rel.slice(0, -'.ts'.length) + '.js')).href, external: true };
            return undefined;
          });
        },
      },
    ],
  }).catch((err: unknown) => {
    throw new Error(firstBuildError(err));
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no output for ${file}`);
  return `data:text/javascript;base64,${Buffer.from(output.contents).toString('base64')}`;
}

/** esbuild's first error as `file:line:column: text` (its own message only says how many there were). */
function firstBuildError(err: unknown): string {
  const errors = typeof err === 'object' && err !== null && 'errors' in err ? err.errors : undefined;
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  if (typeof first !== 'object' || first === null || !('text' in first)) return String(err);
  const where =
    'location' in first && typeof first.location === 'object' && first.location !== null ? first.location : null;
  const at =
    where && 'file' in where && 'line' in where && 'column' in where
      ? `${String(where.file)}:${String(where.line)}:${Number(where.column) + 1}: `
      : '';
  return `${at}${String(first.text)}`;
}
