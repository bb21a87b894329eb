import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CODEBOOK_FORMATS,
  formatLintProblem,
  isCodebookFormat,
  loadStudies,
  renderCodebook,
} from '../../instrument/index.ts';
import { CliError, type CliCommand } from '../io.ts';

const USAGE = `barometer codebook <study> [--format md|html|json|ddi] [--out FILE] [--dir DIR]

Renders the codebook of a study: every variable with its code, wording per language, options,
missing codes, logic in words, fingerprints and the waves that used each version.
<study> is a study id (looked up under --dir, default survey-definitions) or a study folder.
--format ddi writes DDI-Codebook 2.5 XML. Writes to stdout unless --out is given.`;

export const command: CliCommand = {
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'md' },
        out: { type: 'string', short: 'o' },
        dir: { type: 'string', default: 'survey-definitions' },
      },
    });
    const { format, out, dir } = parsed.values;
    const [name, ...extra] = parsed.positionals;
    if (name === undefined || extra.length > 0) throw new CliError(`expected one study\n${USAGE}`);
    if (format === undefined || !isCodebookFormat(format))
      throw new CliError(`unknown format "${format}" (use one of ${CODEBOOK_FORMATS.join(', ')})`);
    const asPath = resolve(io.cwd, name);
    const where = existsSync(asPath) ? asPath : resolve(io.cwd, dir ?? 'survey-definitions');
    const { studies, problems } = await loadStudies(where);
    const found = existsSync(asPath) ? studies[0] : studies.find((s) => s.study.id === name);
    const relevant = problems.filter((p) => !found || p.file === found.file);
    if (relevant.length > 0 || !found) {
      for (const p of relevant) io.stderr(`${formatLintProblem(p, io.cwd)}\n`);
      if (!found)
        throw new CliError(
          `no valid study "${name}" (known: ${studies.map((s) => s.study.id).join(', ') || 'none'})`,
          1,
        );
      throw new CliError(`study ${found.study.id} has problems; run barometer lint`, 1);
    }
    const text = renderCodebook(found.study, format);
    if (out) {
      writeFileSync(resolve(io.cwd, out), text);
      io.stderr(`wrote ${out}\n`);
    } else io.stdout(text);
    return 0;
  },
};
