/** Identity registry of definitions made through `defineInstrument` (no module cycle with study.ts). */
import type { Instrument } from './instrument.ts';

const instruments = new WeakSet<object>();

export function registerInstrument(instrument: Instrument): Instrument {
  instruments.add(instrument);
  return instrument;
}

export function isDefinedInstrument(value: unknown): value is Instrument {
  return typeof value === 'object' && value !== null && instruments.has(value);
}
