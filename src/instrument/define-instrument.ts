/** `defineInstrument`: an instrument definition checked, parsed, frozen and registered as defined. */
import { checkInstrument } from './definition-checks.ts';
import { isCollecting, recordProblems, sited } from './definition-problems.ts';
import { DefinitionError, fromZodIssues } from './errors.ts';
import { deepFreeze } from './freeze.ts';
import { Instrument, type InstrumentInput } from './instrument.ts';
import { registerInstrument } from './registry.ts';

/**
 * Validates an instrument definition and returns it parsed (defaults applied, deeply frozen).
 * Throws `DefinitionError` with every problem (shape, translations, codes, logic, piping) — or,
 * while a loader collects problems (definition-problems.ts), records them and returns the
 * instrument unregistered (a stand-in when its shape is invalid), so later versions are checked too.
 */
export function defineInstrument(input: InstrumentInput): Instrument {
  const parsed = Instrument.safeParse(input);
  const subject = `instrument(${typeof input.id === 'string' ? input.id : '?'}@${typeof input.version === 'string' ? input.version : '?'})`;
  const hint = (code: string) => questionWording(input, code);
  if (!parsed.success) {
    const issues = sited(fromZodIssues(subject, parsed.error.issues), hint);
    if (!isCollecting()) throw new DefinitionError(subject, issues);
    const standIn = deepFreeze(standInInstrument(input));
    recordProblems(standIn, issues);
    return standIn;
  }
  const problems = checkInstrument(parsed.data);
  if (problems.length > 0) {
    const issues = sited(problems, hint);
    if (!isCollecting()) throw new DefinitionError(subject, issues);
    const instrument = deepFreeze(parsed.data);
    recordProblems(instrument, issues);
    return instrument;
  }
  return registerInstrument(deepFreeze(parsed.data));
}

/** An instrument of the same id and version with nothing else, standing in for one whose shape is invalid. */
function standInInstrument(input: InstrumentInput): Instrument {
  const id = Instrument.shape.id.safeParse(input.id);
  const version = Instrument.shape.version.safeParse(input.version);
  return Instrument.parse({
    id: id.success ? id.data : 'invalid',
    version: version.success ? version.data : '0',
    title: {},
    languages: [{ code: 'en', name: 'English', dir: 'ltr' }],
    blocks: [{ id: 'invalid', questions: [{ kind: 'consent', code: 'INVALID', text: {} }] }],
  });
}

/** The first-language wording of question `code` in an (unvalidated) input, when it has one. */
function questionWording(input: InstrumentInput, code: string): string | undefined {
  const blocks: unknown = input.blocks;
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks) {
    const questions: unknown =
      typeof block === 'object' && block !== null ? Reflect.get(block, 'questions') : undefined;
    if (!Array.isArray(questions)) continue;
    for (const q of questions) {
      if (typeof q !== 'object' || q === null || Reflect.get(q, 'code') !== code) continue;
      const text: unknown = Reflect.get(q, 'text');
      if (typeof text !== 'object' || text === null) return undefined;
      const first = Object.values(text).find((v): v is string => typeof v === 'string' && v.trim() !== '');
      return first?.slice(0, 40);
    }
  }
  return undefined;
}
