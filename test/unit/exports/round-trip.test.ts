import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureNames } from '../../support/fixture-exports.js';
import { expectRoundTrip, storedRecords } from './export-fixtures.js';

/**
 * Every synthetic export, read as Coreview stores it, written as RIS, BibTeX and CSL-JSON and read
 * again: the bibliographic columns come back as they were, except that BibTeX reads a single line
 * break in an abstract as a space. (test/routes/exports.test.ts does the same through the database
 * and the web import; test/corpus/round-trip.test.ts over the real exports.)
 */
describe('exports of every kind of source read back as the same records', () => {
  it.each(fixtureNames())('%s', (file) => {
    const records = storedRecords(fixtureFile(file), file);
    expect(records.length).toBeGreaterThan(0);
    expectRoundTrip(records);
  });
});
