import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codebookTree, flattenCodebook } from '../../src/coding/coding-queries.js';
import { addExcerpt, setStudyCode } from '../../src/coding/coding-service.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'coops';
const BASE = `/reviews/${SLUG}/synthesis`;

describe('the synthesis pages and downloads', () => {
  let t: TestApp;
  let owner: Client;
  let outsider: Client;
  let codes: Record<string, number>;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ otto: outsider } = await addPeople(t.app, owner, [['Otto Outsider', 'otto']]));
    await createReview(owner, { title: 'Co-operatives <b>and</b> desistance', slug: SLUG, codebookTemplate: true });
    const reviewId = await reviewIdOf(t.app.db, SLUG);
    const actorId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
    const ctx = { reviewId, actorId };
    const { ids } = await insertSearch(t.app.db, reviewId, [
      { title: 'Work in Italy', authors: ['Rossi, Maria'], year: 2018 },
      { title: 'Governance in Scotland', authors: ['McNeill, Fergus', 'Weaver, Beth'], year: 2010 },
      { title: 'Not coded', authors: ['Nobody, N.'], year: 2020 },
    ]);
    await includeStudies(t.app.db, ctx, ids);
    codes = Object.fromEntries(flattenCodebook(await codebookTree(t.app.db, reviewId)).map((c) => [c.name, c.id]));
    await setStudyCode(t.app.db, ctx, ids[0]!, codes.Individual!, true);
    await setStudyCode(t.app.db, ctx, ids[0]!, codes.Italy!, true);
    await setStudyCode(t.app.db, ctx, ids[1]!, codes.Systemic!, true);
    await setStudyCode(t.app.db, ctx, ids[1]!, codes.Scotland!, true);
    await addExcerpt(t.app.db, ctx, ids[0]!, { text: 'A job <script>alert(1)</script> changed me.', location: '172', memo: '', codeIds: [codes['Employment and work identity']!] });
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('shows the matrix with the jurisdiction × level pivot, escaped', async () => {
    const page = await owner.get(BASE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Jurisdiction × Level');
    expect(page.body).toContain('Rossi (2018)');
    expect(page.body).toContain('McNeill and Weaver (2010)');
    expect(page.body).toContain('A job &lt;script>alert(1)&lt;/script> changed me.');
    expect(page.body).not.toContain('<script>alert(1)');
    // A bare page number reads as one, here and in the history.
    expect(page.body).toContain('<span class="muted"> (p. 172)</span>');
    expect((await owner.get(`/reviews/${SLUG}/audit`)).body).toContain('changed me.” (p. 172)');
  });

  it('filters by a code and by a field, and ignores nonsense in the address', async () => {
    const filtered = await owner.get(`${BASE}?code=${codes.Italy}`);
    expect(filtered.body).toContain('Rossi (2018)');
    expect(filtered.body).not.toContain('McNeill and Weaver (2010)');
    for (const query of ['?col=banana', '?col=code:abc&code=-1', '?rows=code:1&pivot=x', '?page=99999', `?col=${'code:1&col='.repeat(500)}code:2`]) {
      expect((await owner.get(`${BASE}${query}`)).statusCode).toBe(200);
    }
  });

  it('downloads the matrix in four formats and the chapter in two', async () => {
    const types: Record<string, string> = {
      'matrix.csv': 'text/csv', 'matrix.md': 'text/markdown', 'matrix.xlsx': 'spreadsheetml', 'matrix.docx': 'wordprocessingml', 'chapter.md': 'text/markdown', 'chapter.docx': 'wordprocessingml',
    };
    for (const [file, type] of Object.entries(types)) {
      const response = await owner.get(`${BASE}/${file}`);
      expect(response.statusCode, file).toBe(200);
      expect(response.headers['content-type'], file).toContain(type);
      expect(response.headers['content-disposition'], file).toContain(`${SLUG}-`);
    }
    const csv = await owner.get(`${BASE}/matrix.csv`);
    expect(csv.body.startsWith('\ufeffStudy,')).toBe(true);
    expect((await owner.get(`${BASE}/matrix.pdf`)).statusCode).toBe(404);
    expect((await owner.get(`${BASE}/chapter.xlsx`)).statusCode).toBe(404);
  });

  it('shows the evidence for a code, and a 404 for a code that is not in the codebook', async () => {
    const evidence = await owner.get(`${BASE}/codes/${codes['Employment and work identity']}`);
    expect(evidence.statusCode).toBe(200);
    expect(evidence.body).toContain('Rossi (2018)');
    expect(evidence.body).toContain('(p. 172)');
    expect((await owner.get(`${BASE}/codes/99999`)).statusCode).toBe(404);
    expect((await owner.get(`${BASE}/codes/abc`)).statusCode).toBe(404);
  });

  it('is a 404 for people outside the review', async () => {
    await outsider.get('/reviews');
    expect((await outsider.get(BASE)).statusCode).toBe(404);
    expect((await outsider.get(`${BASE}/matrix.xlsx`)).statusCode).toBe(404);
  });
});
