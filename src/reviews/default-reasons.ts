import type { ReasonStage } from './ordered-items.js';

const COMMON = [
  'Wrong population',
  'Wrong exposure / intervention',
  'Wrong outcome',
  'Wrong study design',
  'Not empirical research',
  'Language',
];

/**
 * Seeded into every new review; owners edit them freely before screening starts. A report that
 * cannot be obtained is no reason: it is marked "Not retrieved" (see retrieval-reason.ts).
 */
export const DEFAULT_REASONS: Record<ReasonStage, readonly string[]> = {
  title_abstract: COMMON,
  full_text: COMMON,
};
