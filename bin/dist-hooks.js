// Module hooks for the compiled `barometer`: an import that resolves to a TypeScript file of src/
// or db/ (a study definition importing src/instrument/index.ts) is served from its compiled copy
// in dist/, so definitions and the command share one instance of each module.
const root = new URL('../', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const url = resolved.url;
  if (url.startsWith(root) && url.endsWith('.ts')) {
    const rel = url.slice(root.length);
    if (rel.startsWith('src/') || rel.startsWith('db/'))
      return { ...resolved, url: `${root}dist/${rel.slice(0, -3)}.js`, format: 'module' };
  }
  return resolved;
}
