/**
 * The DDI codebook against the official DDI-Codebook 2.5.1 XML Schema (test/instrument/fixtures/
 * ddi-codebook-2.5, with its source and licence), validated by `xmllint --schema` from Debian's
 * libxml2-utils. Without xmllint the suite fails with a line saying what to install: a schema
 * check that silently skips would prove nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCodebook } from '../../src/instrument/index.ts';
import study from '../../survey-definitions/migration-perceptions/index.ts';

const schema = fileURLToPath(new URL('./fixtures/ddi-codebook-2.5/schemas/codebook.xsd', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ddi-schema-'));

/** xmllint's verdict on one document: status 0 and no error lines when it validates. */
function validate(xml: string, name: string): { ok: boolean; errors: string } {
  const file = join(dir, name);
  writeFileSync(file, xml);
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { encoding: 'utf8' });
  if (run.error !== undefined) {
    throw new Error(
      `xmllint could not run (${run.error.message}): install Debian's libxml2-utils (apt-get install -y libxml2-utils)`,
    );
  }
  return { ok: run.status === 0, errors: run.stderr };
}

describe('DDI codebook against the official DDI-Codebook 2.5 schema', () => {
  const xml = renderCodebook(study, 'ddi');

  it('the flagship codebook validates', () => {
    const result = validate(xml, 'flagship.xml');
    expect(result.errors).toBe(`${join(dir, 'flagship.xml')} validates\n`);
    expect(result.ok).toBe(true);
  });

  it('the schema check does refuse a codebook out of the schema order (collMode before sampProc)', () => {
    const swapped = xml.replace(/( *<sampProc>.*<\/sampProc>\n)( *<collMode>.*<\/collMode>\n)/, '$2$1');
    expect(swapped).not.toBe(xml);
    const result = validate(swapped, 'swapped.xml');
    expect(result.ok).toBe(false);
    expect(result.errors).toContain("Element '{ddi:codebook:2_5}sampProc': This element is not expected");
  });
});
