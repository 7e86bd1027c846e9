import { documentText, termCounts } from '../../../src/ranking/text-features.js';
import type { TermCounts } from '../../../src/ranking/text-features.js';
import { SKLEARN } from './sklearn-reference.js';

/** The reference corpus's term counts, in row order. */
export function corpusTermCounts(): TermCounts[] {
  return SKLEARN.corpus.map(([title, abstract]) => termCounts(documentText(title, abstract)));
}
