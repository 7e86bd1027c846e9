import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../support/imports.js';
import { readDocx, styledRuns } from '../support/office-files.js';
import { reviewIdOf } from '../support/record-fixtures.js';
import { APA, HARVARD, PREPRINT_CSL_JSON, REFERENCES_RIS } from '../support/reference-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'refs';
const ORDER = ['Farrall', 'Maruna', 'Weaver', 'Zed'] as const;

/** The references of the included studies, imported from RIS and Zotero CSL-JSON, in the chapter, the matrix and the bibliography download. */
describe('references of the included studies in the synthesis downloads', () => {
  let t: TestApp;
  let owner: Client;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await createReview(owner, { title: 'Co-operatives and desistance', slug: SLUG, codebookTemplate: true });
    await importFiles(owner, SLUG, [{ name: 'wos.ris', content: REFERENCES_RIS }, { name: 'zotero.json', content: PREPRINT_CSL_JSON }]);
    const reviewId = await reviewIdOf(t.app.db, SLUG);
    const actorId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
    const ids = (await t.app.db.selectFrom('record').select('id').where('reviewId', '=', reviewId).orderBy('id').execute()).map((r) => r.id);
    expect(ids).toHaveLength(4);
    await includeStudies(t.app.db, { reviewId, actorId }, ids);
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('prints them in the chapter’s Markdown with the journal, volume and book titles in *italics*', async () => {
    const response = await owner.get(`/reviews/${SLUG}/synthesis/chapter.md`);
    expect(response.statusCode).toBe(200);
    const references = response.body.slice(response.body.indexOf('## References')).trim().split('\n\n').slice(1);
    expect(references).toEqual([
      'Farrall, S. (2013). Work and desistance from crime: Social co-operatives as employers. In P. Ugwudike & P. Raynor (Eds.), *What works in offender compliance: International perspectives and evidence-based practice* (pp. 100–120). Palgrave Macmillan.',
      'Maruna, S., & Farrall, S. (2001). Desistance and social co-operatives in the UK: A review of the evidence. *Probation Journal*, *48*(2), 101–115. https://doi.org/10.1177/0264550501048002',
      'Weaver, B. (2024). Relational desistance and social co-operatives in Scotland. *Probation Journal*. https://doi.org/10.1177/02645505241234567',
      'Zed, A. (2022). *Social co-operatives and desistance: A realist synthesis* \\[Preprint\\]. SocArXiv. https://doi.org/10.31235/osf.io/abc12',
    ]);
  });

  it('prints them in the chapter’s and the matrix’s Word documents with italic runs', async () => {
    for (const file of ['chapter.docx', 'matrix.docx']) {
      const doc = await readDocx((await owner.get(`/reviews/${SLUG}/synthesis/${file}`)).rawPayload);
      const paragraphs = styledRuns(doc.xml, 'Bibliography');
      expect(paragraphs.map((runs) => runs.map((r) => r.text).join('')), file).toEqual(ORDER.map((name) => APA[name].text));
      expect(paragraphs.map((runs) => runs.filter((r) => r.italic).map((r) => r.text)), file).toEqual(ORDER.map((name) => APA[name].italic));
    }
  });

  it('downloads them in Harvard without calling a journal article a preprint', async () => {
    const response = await owner.get(`/reviews/${SLUG}/exports/bibliography?style=harvard&format=txt`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`${HARVARD.Maruna}\n`);
    expect(response.body).toContain(`${HARVARD.Weaver}\n`);
    expect(response.body).toContain(`${HARVARD.Zed}\n`);
    expect(response.body.match(/\[Preprint\]/g)).toHaveLength(1);
  });
});
