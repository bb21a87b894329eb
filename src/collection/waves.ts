/**
 * The wave a respondent answers, with its parsed instrument. Instruments of
 * open waves are frozen, so a parsed instrument is cached by its row id.
 */
import { eq } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { defineInstrument } from '../instrument/define-instrument.ts';
import { Instrument } from '../instrument/instrument.ts';
import { AppError } from '../errors.ts';

export interface WaveInstrument {
  readonly instrumentId: string;
  readonly version: string;
  readonly fingerprint: string;
  readonly instrument: Instrument;
}

const cache = new Map<string, WaveInstrument>();

/** Parses a stored instrument definition (validated again: the row is data, not trusted code). */
export function instrumentFromRow(row: {
  id: string;
  version: string;
  fingerprint: string;
  definition: unknown;
}): WaveInstrument {
  const hit = cache.get(row.id);
  if (hit && hit.fingerprint === row.fingerprint) return hit;
  const entry = {
    instrumentId: row.id,
    version: row.version,
    fingerprint: row.fingerprint,
    instrument: defineInstrument(Instrument.parse(row.definition)),
  };
  cache.set(row.id, entry);
  return entry;
}

export async function loadInstrument(db: Database, instrumentId: string): Promise<WaveInstrument> {
  const hit = cache.get(instrumentId);
  if (hit) return hit;
  const [row] = await db.select().from(schema.instruments).where(eq(schema.instruments.id, instrumentId));
  if (!row) throw new AppError('not_found', `instrument ${instrumentId} not found`);
  return instrumentFromRow(row);
}

/** Forgets cached instruments (after a definition change of an unfrozen instrument). */
export function forgetInstrument(instrumentId: string): void {
  cache.delete(instrumentId);
}
