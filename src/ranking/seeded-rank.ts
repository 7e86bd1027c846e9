/**
 * The seeded order of a stage (random order, and the tie-break of relevance order): the same for
 * every reviewer and every visit, from the stage's seed and the record's id alone: a uniform
 * number in [0, 1) from (seed, id), MurmurHash3's 32-bit finaliser over both.
 */
export function seededRank(seed: number, id: number): number {
  let h = (id + Math.imul(seed, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}
