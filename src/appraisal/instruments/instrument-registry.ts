import { CASP_QUALITATIVE } from './casp-qualitative.js';
import { CUSTOM_KEY, customInstrument, type CustomInstrumentValue } from './custom-instrument.js';
import type { Instrument } from './instrument-model.js';
import { JBI_QUALITATIVE } from './jbi-qualitative.js';
import { MMAT_2018 } from './mmat-2018.js';

/** The instruments Coreview ships, in the order the settings offer them. */
export const BUILT_IN_INSTRUMENTS: readonly Instrument[] = [CASP_QUALITATIVE, MMAT_2018, JBI_QUALITATIVE];

export const DEFAULT_INSTRUMENT = CASP_QUALITATIVE.key;

export const INSTRUMENT_KEYS = [...BUILT_IN_INSTRUMENTS.map((i) => i.key), CUSTOM_KEY] as const;

/** The instrument a key names; the custom one needs the review's definition (null when it has none). */
export function instrumentFor(key: string, custom: CustomInstrumentValue | null): Instrument | null {
  if (key === CUSTOM_KEY) return custom ? customInstrument(custom) : null;
  return BUILT_IN_INSTRUMENTS.find((i) => i.key === key) ?? null;
}
