import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formValues } from '../support/edit-form.js';
import { importFiles, upload, waitForJob } from '../support/imports.js';
import { reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'untitled';
const BASE = `/reviews/${SLUG}`;
const PLACEHOLDER = '<span class="no-title">[No title]</span>';

// One titled record and two a database returned without a title (one with an abstract, one with a journal).
const EXPORT = [
  'TY  - JOUR', 'TI  - Social co-operatives and desistance', 'AU  - Rossi, Anna', 'PY  - 2020', 'AB  - Work in a social co-operative.', 'ER  - ', '',
  'TY  - JOUR', 'AU  - Nobody, Nora', 'PY  - 2019', 'AB  - An abstract about reintegration through work, without a title.', 'ER  - ', '',
  'TY  - JOUR', 'AU  - Unnamed, Ugo', 'PY  - 2021', 'T2  - Journal of Co-operative Studies', 'ER  - ', '',
].join('\n');

describe('records imported without a title', () => {
  let t: TestApp;
  let owner: Client;
  let ids: number[];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await createReview(owner, { title: 'Untitled records', slug: SLUG, codebookTemplate: true });
    const job = await importFiles(owner, SLUG, [{ name: 'untitled.ris', content: EXPORT }]);
    // The duplicate check ran over them and finished.
    expect(job).toMatch(/data-count="duplicates-linked">\d+</);
    const reviewId = await reviewIdOf(t.app.db, SLUG);
    ids = (await t.app.db.selectFrom('record').select('id').where('reviewId', '=', reviewId).orderBy('id').execute()).map((r) => r.id);
  }, 60_000);

  afterAll(async () => t.close());

  it('are announced in the preview and imported, not refused', async () => {
    const uploaded = await upload(owner, SLUG, [{ name: 'again.ris', content: EXPORT }]);
    const preview = await waitForJob(owner, uploaded.headers.location as string, /data-state="ready"/);
    expect(preview).toContain('2 records have no title; they are imported as [No title] (records 2, 3).');
    expect(preview).toContain('<dd data-count="failed">0</dd>');
    expect(ids).toHaveLength(3);
  });

  it('show as "[No title]" in the records list, and the "No title" filter finds exactly them', async () => {
    const list = await owner.get(`${BASE}/records`);
    expect(list.body).toContain(`<a href="${BASE}/records/${ids[1]}">${PLACEHOLDER}</a>`);
    expect(list.body).toContain('aria-label="Select “[No title]”"');
    expect(list.body).toContain('<option value="without">No title</option>');
    const untitled = await owner.get(`${BASE}/records?title=without`);
    expect(untitled.body).toContain('2 records (filtered), in import order.');
    expect(untitled.body).not.toContain('Social co-operatives and desistance');
    expect(untitled.body).toContain('<option value="without" selected>No title</option>');
    const search = await owner.get(`${BASE}/records?q=reintegration`);
    expect(search.body).toContain(`<a href="${BASE}/records/${ids[1]}">${PLACEHOLDER}</a>`);
  });

  it('show as "[No title]" on the record page, and can be edited while staying untitled', async () => {
    const page = await owner.get(`${BASE}/records/${ids[2]}`);
    expect(page.body).toContain(`<h1 class="record-title">${PLACEHOLDER}</h1>`);
    expect(page.body).toContain('<title>[No title] · Records');
    const form = await owner.get(`${BASE}/records/${ids[2]}/edit`);
    expect(form.body).not.toMatch(/<textarea[^>]*name="title"[^>]*required/);
    const saved = await owner.post(`${BASE}/records/${ids[2]}/edit`, { ...formValues(form.body), abstract: 'An abstract pasted in by hand.' });
    expect(saved.statusCode).toBe(303);
    const row = await t.app.db.selectFrom('record').select(['title', 'abstract']).where('id', '=', ids[2]!).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: '', abstract: 'An abstract pasted in by hand.' });
  });

  it('a titled record still cannot lose its title by an edit', async () => {
    const form = await owner.get(`${BASE}/records/${ids[0]}/edit`);
    const refused = await owner.post(`${BASE}/records/${ids[0]}/edit`, { ...formValues(form.body), title: ' ' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('A record needs a title.');
  });

  it('show as "[No title]" on the screening card and in the decision notice', async () => {
    const card = await owner.get(`${BASE}/screening/title-abstract?record=${ids[1]}`);
    expect(card.body).toContain(`<h2 id="screen-title" class="screen-title">${PLACEHOLDER}</h2>`);
    const decided = await owner.post(`${BASE}/screening/title-abstract/records/${ids[1]}`, { decision: 'include' }, { headers: { 'hx-request': 'true', 'hx-request-type': 'partial' } });
    expect(decided.body).toContain('Include: “[No title]”. Press U to undo.');
  });

  it('count in PRISMA as records identified and screened', async () => {
    const prisma = await owner.get(`${BASE}/prisma`);
    expect(prisma.body).toContain('Databases (n = 3)');
    expect(prisma.body).toContain('Records screened (n = 3)');
  });

  it('show as "[No title]" among the included studies being coded, and in the evidence for a code', async () => {
    const reviewId = await reviewIdOf(t.app.db, SLUG);
    const ownerId = (await t.app.db.selectFrom('account').select('id').executeTakeFirstOrThrow()).id;
    await includeStudies(t.app.db, { reviewId, actorId: ownerId }, [ids[2]!]);
    const coding = await owner.get(`${BASE}/coding`);
    expect(coding.body).toContain(`<span class="study-title">${PLACEHOLDER}</span>`);
    const study = await owner.get(`${BASE}/coding/studies/${ids[2]}`);
    expect(study.body).toContain(`<p class="study-full-title">${PLACEHOLDER}</p>`);
    const code = await t.app.db.selectFrom('code').select('id').where('reviewId', '=', reviewId).where('name', '=', 'Employment and work identity').executeTakeFirstOrThrow();
    await owner.post(`${BASE}/coding/studies/${ids[2]}/codes`, { apply: String(code.id) });
    const evidence = await owner.get(`${BASE}/synthesis/codes/${code.id}`);
    expect(evidence.body).toContain(`<p class="muted">${PLACEHOLDER}</p>`);
  });
});
