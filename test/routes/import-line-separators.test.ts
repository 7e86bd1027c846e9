import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordValues } from '../../src/imports/batch-store.js';
import { parseFile } from '../../src/imports/parse-file.js';
import { importFiles } from '../support/imports.js';
import { reviewIdOf } from '../support/record-fixtures.js';
import { createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const LS = '\u2028';
const PS = '\u2029';

// Every field an EBSCO RIS record fills, each with a line separator and a paragraph separator in it:
// Node 24's readline splits lines at both, which once broke the staged records between preview and commit.
const record = (n: number) => [
  'TY  - JOUR',
  `TI  - Desistance${LS}and co-operative work ${n}${PS}a study`,
  `AU  - Visher${LS}Smith, Christy${PS}Ann`,
  'PY  - 2011',
  `JO  - Justice${LS}Quarterly`,
  `VL  - 2${PS}8`,
  `IS  - 4${LS}a`,
  `SP  - 698${PS}`,
  'EP  - 718',
  `DO  - 10.1080/${n}${LS}x`,
  `AB  - First line${LS}second line${PS}next paragraph ${n}`,
  `KW  - employment${LS}training`,
  `KW  - re${PS}entry`,
  `UR  - https://example.org/${n}${LS}`,
  `LA  - en${PS}g`,
  `SN  - 0741${LS}8825`,
  `PB  - Routledge${PS}Taylor`,
  'ER  - ',
].join('\n');
const EXPORT = Array.from({ length: 5 }, (_, i) => record(i + 1)).join('\n') + '\n';

describe('line and paragraph separators in every field, through upload, preview and commit', () => {
  let t: TestApp;
  let owner: Client;
  let job: string;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await createReview(owner, { title: 'Separators', slug: 'sep' });
    job = await importFiles(owner, 'sep', [{ name: 'cja.ris', content: EXPORT }]);
  });
  afterAll(async () => t.close());

  it('stores every record with every field exactly as the parser read it', async () => {
    expect(job).toContain('Imported 5 records.');
    const reviewId = await reviewIdOf(t.app.db, 'sep');
    const stored = await t.app.db.selectFrom('record').selectAll().where('reviewId', '=', reviewId).orderBy('position').execute();
    const parsed = parseFile(new TextEncoder().encode(EXPORT), 'cja.ris').records.map(recordValues);
    expect(stored).toHaveLength(5);
    stored.forEach((row, i) => expect(row).toMatchObject(JSON.parse(JSON.stringify(parsed[i]))));
    // The raw text is kept as written, separators included.
    expect(stored.every((row) => row.raw.includes(LS) && row.raw.includes(PS))).toBe(true);
    expect(stored.map((row) => row.title)).toEqual([1, 2, 3, 4, 5].map((n) => `Desistance and co-operative work ${n} a study`));
  });
});
