import { describe, expect, it } from 'vitest';
import { retrievalReasonProblem } from '../../../src/reviews/retrieval-reason.js';

describe('exclusion reasons that mean "not retrieved"', () => {
  it('refuses the ways people write that a report could not be obtained', () => {
    for (const text of ['Not retrievable', 'NOT RETRIEVED', 'Full-text not retrieved', 'Fulltext not available', 'PDF unavailable', 'No full text', 'Unable to obtain full text', 'Could not be retrieved']) {
      expect(retrievalReasonProblem(text), text).toMatch(/“Not retrieved” button/);
    }
  });

  it('leaves real reasons alone, even those with the same words', () => {
    for (const text of ['Not available in English', 'Wrong population', 'Not empirical research', 'Retrieval of records only', 'Full text in Italian']) {
      expect(retrievalReasonProblem(text), text).toBeNull();
    }
  });
});
