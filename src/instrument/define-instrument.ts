/** `defineInstrument`: an instrument definition checked, parsed, frozen and registered as defined. */
import { checkInstrument } from './definition-checks.ts';
import { DefinitionError, fromZodIssues } from './errors.ts';
import { deepFreeze } from './freeze.ts';
import { Instrument, type InstrumentInput } from './instrument.ts';
import { registerInstrument } from './registry.ts';

/**
 * Validates an instrument definition and returns it parsed (defaults applied, deeply frozen).
 * Throws `DefinitionError` with every problem (shape, translations, codes, logic, piping).
 */
export function defineInstrument(input: InstrumentInput): Instrument {
  const parsed = Instrument.safeParse(input);
  const subject = `instrument(${typeof input.id === 'string' ? input.id : '?'}@${typeof input.version === 'string' ? input.version : '?'})`;
  if (!parsed.success) throw new DefinitionError(subject, fromZodIssues(subject, parsed.error.issues));
  const issues = checkInstrument(parsed.data);
  if (issues.length > 0) throw new DefinitionError(subject, issues);
  return registerInstrument(deepFreeze(parsed.data));
}
