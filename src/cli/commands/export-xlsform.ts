/** `barometer export xlsform STUDY VERSION [--out FILE]`: an instrument as an XLSForm (docs/xlsform.md). */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeWorkbook, xlsFormOf } from '../../xlsform/index.ts';
import { CliError, type CliIo } from '../io.ts';
import { definedStudy } from '../study.ts';

export const XLSFORM_USAGE = `barometer export xlsform STUDY VERSION [--out FILE] [--definitions DIR]

Writes instrument VERSION of STUDY as an XLSForm for ODK Collect / KoboToolbox (default FILE:
<instrument>-v<VERSION>.xlsx): every language as label::Name (tag), blocks as groups, logic as
relevant, ranges and lengths as constraints, don't know / refused as choices, question codes as
names, settings version and form_id, and the fingerprint as the hidden field instrument_fingerprint.
What ODK fields differently (randomisation, units…) is listed on standard error and kept in the
form's barometer column and sheet, so \`barometer import xlsform\` reads back the same instrument;
what XLSForm cannot express (message experiments) stops the export, one line each.`;

export async function exportXlsform(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { out: { type: 'string' }, definitions: { type: 'string' } },
  });
  const [studyId, version, ...extra] = positionals;
  if (!studyId || !version || extra.length > 0)
    throw new CliError(
      `expected "barometer export xlsform STUDY VERSION" (e.g. migration-perceptions 2)\n${XLSFORM_USAGE}`,
    );
  const study = await definedStudy(io, values.definitions, studyId);
  const instrument = study.instruments.find((i) => i.version === version);
  if (!instrument)
    throw new CliError(
      `VERSION: study ${studyId} has no instrument version "${version}" (versions: ${study.instruments.map((i) => i.version).join(', ')})`,
    );
  const result = xlsFormOf(instrument);
  if (!result.ok) {
    for (const line of result.refused) io.stderr(`${line}\n`);
    throw new CliError(
      `${instrument.id}@${instrument.version} cannot be written as XLSForm (${result.refused.length} line${result.refused.length === 1 ? '' : 's'} above); nothing written`,
      1,
    );
  }
  for (const note of result.notes) io.stderr(`note: ${note}\n`);
  const out = values.out ?? `${instrument.id}-v${instrument.version}.xlsx`;
  await writeFile(resolve(io.cwd, out), await writeWorkbook(result.sheets));
  io.stdout(`wrote ${out}: ${instrument.id}@${instrument.version}, ${instrument.languages.length} languages\n`);
  return 0;
}
