import { foldText } from './fold-text.js';

// Particles that sources keep, drop or move into the given name ("van der Berg, Jan" / "Berg, Jan van").
const PARTICLES = new Set('van von der den de del della di da dos das du la le ten ter zu st'.split(' '));

/**
 * The surname key of one "Family, Given" author: folded, particles dropped, last remaining word
 * ("van der Berg, Jan" → "berg", "Palmer du Preez, Katie" → "preez", "Müller, K." → "muller").
 * An organisation (no comma) keys on all its words joined. Null when nothing is left.
 */
export function surnameKey(author: string): string | null {
  const comma = author.indexOf(',');
  if (comma < 0) return foldText(author).replace(/ /g, '') || null;
  const words = foldText(author.slice(0, comma)).split(' ').filter((w) => w !== '');
  const kept = words.filter((w) => !PARTICLES.has(w));
  return kept.at(-1) ?? words.at(-1) ?? null;
}
