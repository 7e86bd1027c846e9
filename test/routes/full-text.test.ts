import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF_POLICY } from '../../src/fulltext/full-text-routes.js';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { decide } from '../../src/screening/screening-service.js';
import { minimalPdf } from '../support/pdf-fixture.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addMember, addPerson, createTestApp, setupOwner, signIn, type Client, type TestApp } from '../support/test-app.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const PARTIAL = { 'hx-request': 'true', 'hx-request-type': 'partial' };

describe('full texts of records', () => {
  let t: TestApp;
  let owner: Client;
  let reviewer: Client;
  let outsider: Client;
  let reviewId: number;
  let ownerId: number;
  let ids: number[];
  let otherReviewRecord: number;
  const base = (id: number) => `/reviews/coops/records/${id}/full-text`;

  /** A multipart POST as a browser (or htmx) sends it, with the client's cookies. */
  async function postPdf(
    client: Client,
    url: string,
    file: { name: string; content: Uint8Array<ArrayBuffer> } | null,
    options: { csrf?: boolean; headers?: Record<string, string>; fields?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const form = new FormData();
    if (options.csrf !== false) form.append('_csrf', client.csrfToken);
    for (const [k, v] of Object.entries(options.fields ?? {})) form.append(k, v);
    if (file) form.append('pdf', new Blob([file.content], { type: 'application/pdf' }), file.name);
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const cookie = ['cv_session', 'cv_csrf'].map((name) => `${name}=${client.cookie(name) ?? ''}`).join('; ');
    return t.app.inject({
      method: 'POST',
      url,
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { 'content-type': request.headers.get('content-type')!, cookie, ...options.headers },
    });
  }

  /** The one-line message a plain form's redirect carries to the next page. */
  const flashOf = (response: LightMyRequestResponse) =>
    decodeURIComponent((response.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'cv_flash')?.value ?? '');
  const row = (recordId: number) => t.app.db.selectFrom('fullText').selectAll().where('recordId', '=', recordId).executeTakeFirst();
  const storedFiles = () => (existsSync(join(t.dataDir, 'fulltexts')) ? readdirSync(join(t.dataDir, 'fulltexts')).sort() : []);
  const tempFiles = () => (existsSync(join(t.dataDir, 'tmp')) ? readdirSync(join(t.dataDir, 'tmp')) : []);
  const auditActions = async (recordId: number) =>
    (await t.app.db.selectFrom('auditEvent').select('action').where('entity', '=', 'full_text').where('entityId', '=', String(recordId)).orderBy('id').execute()).map((e) => e.action);

  beforeAll(async () => {
    t = await createTestApp({ COREVIEW_PDF_LIMIT_MB: '1' });
    owner = await setupOwner(t.app);
    await addPerson(t.app, owner, { name: 'Rita Reviewer', email: 'rita@example.org', password: 'rita-password' });
    await addPerson(t.app, owner, { name: 'Otto Outsider', email: 'otto@example.org', password: 'otto-password' });
    await owner.get('/reviews/new');
    await owner.post('/reviews', { title: 'Co-operatives and desistance', slug: 'coops', question: '', description: '' });
    await owner.post('/reviews', { title: 'Another review', slug: 'other', question: '', description: '' });
    reviewer = await signIn(t.app, 'rita@example.org', 'rita-password');
    await addMember(owner, 'coops', reviewer, 'rita@example.org');
    outsider = await signIn(t.app, 'otto@example.org', 'otto-password');
    reviewId = await reviewIdOf(t.app.db, 'coops');
    ownerId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
    ({ ids } = await insertSearch(t.app.db, reviewId, [
      { title: 'Desistance through social co-operatives' },
      { title: 'Work and reintegration after prison' },
      { title: 'Co-production of probation services' },
      { title: 'A record that stays at title and abstract' },
    ]));
    [otherReviewRecord] = (await insertSearch(t.app.db, await reviewIdOf(t.app.db, 'other'), [{ title: 'Elsewhere' }])).ids as [number];
    await owner.get(`/reviews/coops/records/${ids[0]}`);
  });
  afterAll(async () => t.close());

  it('attaches a PDF and serves it back byte for byte, inline, under a policy of its own', async () => {
    const pdf = minimalPdf('Maruna 2001');
    const posted = await postPdf(owner, base(ids[0]!), { name: 'Maruna – Making Good.pdf', content: pdf });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/reviews/coops/records/${ids[0]}`);
    expect(flashOf(posted)).toContain('PDF attached.');

    expect(storedFiles()).toEqual([`${sha256(pdf)}.pdf`]);
    expect(tempFiles()).toEqual([]);
    expect(await row(ids[0]!)).toMatchObject({ reviewId, pdfSha256: sha256(pdf), pdfName: 'Maruna – Making Good.pdf', pdfSize: pdf.length, url: null, updatedBy: ownerId });
    expect(await auditActions(ids[0]!)).toEqual(['fulltext.attach']);

    const download = await reviewer.get(`${base(ids[0]!)}.pdf`);
    expect(download.statusCode).toBe(200);
    expect(sha256(download.rawPayload)).toBe(sha256(pdf));
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-length']).toBe(String(pdf.length));
    expect(download.headers['content-disposition']).toMatch(/^inline; filename="Maruna \? Making Good\.pdf"; filename\*=UTF-8''Maruna%20%E2%80%93%20Making%20Good\.pdf$/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toBe(PDF_POLICY);
    expect(PDF_POLICY).toContain("default-src 'none'");
    expect(PDF_POLICY).toContain("frame-ancestors 'self'");
    expect(download.headers['x-frame-options']).toBe('SAMEORIGIN');

    const again = await reviewer.get(`${base(ids[0]!)}.pdf?v=abc`, { 'if-none-match': download.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('stores the same PDF once however many records use it, and keeps a replaced one', async () => {
    const pdf = minimalPdf('Maruna 2001');
    expect((await postPdf(reviewer, base(ids[1]!), { name: 'copy.pdf', content: pdf })).statusCode).toBe(303);
    expect(storedFiles()).toEqual([`${sha256(pdf)}.pdf`]);
    expect((await row(ids[1]!))?.pdfSha256).toBe(sha256(pdf));
    expect((await row(ids[1]!))?.updatedBy).not.toBe(ownerId);

    // Attaching the same file under the same name again changes nothing.
    const same = await postPdf(reviewer, base(ids[1]!), { name: 'copy.pdf', content: pdf }, { headers: PARTIAL });
    expect(same.statusCode).toBe(200);
    expect(same.body).toContain('already attached');
    expect(await auditActions(ids[1]!)).toEqual(['fulltext.attach']);

    const second = minimalPdf('Published version');
    const replaced = await postPdf(reviewer, base(ids[1]!), { name: 'published.pdf', content: second }, { headers: PARTIAL });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.body).toMatch(new RegExp(`^<section id="full-text-${ids[1]}"`));
    expect(replaced.body).toContain('PDF attached.');
    expect(replaced.body).toContain('published.pdf');
    expect(storedFiles()).toEqual([`${sha256(pdf)}.pdf`, `${sha256(second)}.pdf`].sort());
    expect(sha256((await owner.get(`${base(ids[0]!)}.pdf`)).rawPayload)).toBe(sha256(pdf));
    expect(sha256((await owner.get(`${base(ids[1]!)}.pdf`)).rawPayload)).toBe(sha256(second));
  });

  it('refuses a file that is not a PDF whatever its name, storing nothing', async () => {
    const fake = new Uint8Array(Buffer.from('<html><script>alert(1)</script></html>\n'.repeat(40)));
    const refused = await postPdf(owner, base(ids[2]!), { name: 'article.pdf', content: fake }, { headers: PARTIAL });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(new RegExp(`^<section id="full-text-${ids[2]}"`));
    expect(refused.body).toContain('article.pdf is not a PDF');
    expect(refused.body).toContain('aria-invalid="true"');
    expect(await row(ids[2]!)).toBeUndefined();
    expect(storedFiles()).not.toContain(`${sha256(fake)}.pdf`);
    expect(tempFiles()).toEqual([]);

    const plain = await postPdf(owner, base(ids[2]!), { name: 'article.pdf', content: fake });
    expect(plain.statusCode).toBe(303);
    expect(flashOf(plain)).toContain('article.pdf is not a PDF');

    const empty = await postPdf(owner, base(ids[2]!), { name: 'empty.pdf', content: new Uint8Array(0) }, { headers: PARTIAL });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('empty.pdf is empty');
    const none = await postPdf(owner, base(ids[2]!), null, { headers: PARTIAL });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Choose a PDF file to attach.');
    expect(await row(ids[2]!)).toBeUndefined();
  });

  it('refuses a PDF over COREVIEW_PDF_LIMIT_MB with 413, storing nothing', async () => {
    const big = minimalPdf('Too long', 1024 * 1024 + 10);
    const before = storedFiles();
    const refused = await postPdf(owner, base(ids[2]!), { name: 'thesis.pdf', content: big });
    expect(refused.statusCode).toBe(413);
    expect(refused.body).toContain('larger than the 1 MB allowed');
    expect(refused.body).toContain('nothing was stored');
    expect(await row(ids[2]!)).toBeUndefined();
    expect(storedFiles()).toEqual(before);
    expect(tempFiles()).toEqual([]);

    const htmx = await postPdf(owner, base(ids[2]!), { name: 'thesis.pdf', content: big }, { headers: PARTIAL });
    expect(htmx.statusCode).toBe(413);
    expect(htmx.headers['hx-retarget']).toBe('#alerts');
  });

  it('requires the CSRF token on the multipart form', async () => {
    const refused = await postPdf(owner, base(ids[2]!), { name: 'ok.pdf', content: minimalPdf('No token') }, { csrf: false });
    expect(refused.statusCode).toBe(403);
    expect(await row(ids[2]!)).toBeUndefined();
    expect(storedFiles()).not.toContain(`${sha256(minimalPdf('No token'))}.pdf`);
    expect(tempFiles()).toEqual([]);
    const link = await owner.post(`${base(ids[2]!)}/link`, { url: 'https://example.org/a.pdf' }, { csrf: false });
    expect(link.statusCode).toBe(403);
  });

  it('keeps only http(s) links, and a PDF and a link side by side', async () => {
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://example.org/a.pdf', 'not a link']) {
      const refused = await owner.post(`${base(ids[0]!)}/link`, { url }, { headers: PARTIAL });
      expect(refused.statusCode, url).toBe(422);
      expect(refused.body).toContain('Only web addresses starting with http:// or https://');
    }
    const long = await owner.post(`${base(ids[0]!)}/link`, { url: `https://example.org/${'a'.repeat(2000)}` }, { headers: PARTIAL });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('at most 2000 characters');
    expect((await row(ids[0]!))?.url).toBeNull();

    const plainRefused = await owner.post(`${base(ids[0]!)}/link`, { url: 'javascript:alert(1)' });
    expect(plainRefused.statusCode).toBe(303);
    expect(flashOf(plainRefused)).toContain('Only web addresses');

    const saved = await reviewer.post(`${base(ids[0]!)}/link`, { url: ' https://doi.org/10.1093/bjc/azh012 ' }, { headers: PARTIAL });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Link saved.');
    expect(saved.body).toContain('href="https://doi.org/10.1093/bjc/azh012"');
    expect(await row(ids[0]!)).toMatchObject({ url: 'https://doi.org/10.1093/bjc/azh012', pdfName: 'Maruna – Making Good.pdf' });
    expect(await auditActions(ids[0]!)).toEqual(['fulltext.attach', 'fulltext.link']);
  });

  it('removes the link or the PDF on its own, keeping the file on disk', async () => {
    const files = storedFiles();
    const link = await owner.post(`${base(ids[0]!)}/remove`, { part: 'link' }, { headers: PARTIAL });
    expect(link.statusCode).toBe(200);
    expect(link.body).toContain('Link removed.');
    expect(await row(ids[0]!)).toMatchObject({ url: null, pdfName: 'Maruna – Making Good.pdf' });

    const pdf = await owner.post(`${base(ids[0]!)}/remove`, { part: 'pdf' });
    expect(pdf.statusCode).toBe(303);
    expect(await row(ids[0]!)).toBeUndefined();
    expect(storedFiles()).toEqual(files);
    expect((await owner.get(`${base(ids[0]!)}.pdf`)).statusCode).toBe(404);
    // The other record with the same file is untouched.
    expect((await owner.get(`${base(ids[1]!)}.pdf`)).statusCode).toBe(200);
    expect(await auditActions(ids[0]!)).toEqual(['fulltext.attach', 'fulltext.link', 'fulltext.remove', 'fulltext.remove']);
    const nothing = await owner.post(`${base(ids[0]!)}/remove`, {}, { headers: PARTIAL });
    expect(nothing.body).toContain('There was nothing to remove.');
  });

  it('marks a report at full text not retrieved and back, as the PRISMA counters see it', async () => {
    await decide(t.app.db, { reviewId, actorId: ownerId }, { recordId: ids[2]!, stage: 'title_abstract', decision: 'include', reasonId: null, note: '', labels: [] });
    const counters = () => readCounters(t.app.db, reviewId);
    expect((await counters()).ft_not_retrieved).toBe(0);

    const marked = await reviewer.post(`${base(ids[2]!)}/retrieval`, { notRetrieved: '1' }, { headers: PARTIAL });
    expect(marked.statusCode).toBe(200);
    expect(marked.body).toContain('aria-pressed="true"');
    expect(marked.body).toContain('Marked not retrieved');
    expect((await counters()).ft_not_retrieved).toBe(1);

    const back = await reviewer.post(`${base(ids[2]!)}/retrieval`, { notRetrieved: '0' });
    expect(back.statusCode).toBe(303);
    expect((await counters()).ft_not_retrieved).toBe(0);

    // A record still at title and abstract has no report to retrieve: refused calmly, nothing counted.
    const early = await owner.post(`${base(ids[3]!)}/retrieval`, { notRetrieved: '1' }, { headers: PARTIAL });
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain('not at the full-text stage');
    expect(early.body).not.toContain('aria-pressed');
    expect((await counters()).ft_not_retrieved).toBe(0);

    const nonsense = await owner.post(`${base(ids[2]!)}/retrieval`, { notRetrieved: 'maybe' }, { headers: PARTIAL });
    expect(nonsense.statusCode).toBe(422);

    // Once assessed, a report was retrieved: the toggle is gone and the service refuses.
    await decide(t.app.db, { reviewId, actorId: ownerId }, { recordId: ids[2]!, stage: 'full_text', decision: 'include', reasonId: null, note: '', labels: [] });
    const assessed = await owner.post(`${base(ids[2]!)}/retrieval`, { notRetrieved: '1' }, { headers: PARTIAL });
    expect(assessed.statusCode).toBe(422);
    expect(assessed.body).toContain('already has full-text decisions');
    expect(assessed.body).not.toContain('aria-pressed');
    expect((await counters()).ft_not_retrieved).toBe(0);
  });

  it('serves the panel alone to htmx, and the record page otherwise', async () => {
    const fragment = await reviewer.get(base(ids[1]!), PARTIAL);
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).toMatch(new RegExp(`^<section id="full-text-${ids[1]}"`));
    expect(fragment.body).toContain('<iframe');
    expect((await reviewer.get(`${base(ids[1]!)}?viewer=0`, PARTIAL)).body).not.toContain('<iframe');
    const page = await reviewer.get(base(ids[1]!));
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/reviews/coops/records/${ids[1]}`);
    expect((await outsider.get(base(ids[1]!), PARTIAL)).statusCode).toBe(404);
  });

  it('answers 404 to outsiders, for another review\'s record, and where there is no PDF', async () => {
    expect((await outsider.get(`${base(ids[1]!)}.pdf`)).statusCode).toBe(404);
    await outsider.get('/reviews');
    const outsiderPost = await postPdf(outsider, base(ids[1]!), { name: 'x.pdf', content: minimalPdf('Outsider') });
    expect(outsiderPost.statusCode).toBe(404);
    expect((await row(ids[1]!))?.pdfName).toBe('published.pdf');
    expect((await owner.get(`${base(otherReviewRecord)}.pdf`)).statusCode).toBe(404);
    expect((await owner.post(`${base(otherReviewRecord)}/link`, { url: 'https://example.org' })).statusCode).toBe(404);
    expect((await owner.post(`${base(otherReviewRecord)}/retrieval`, { notRetrieved: '1' })).statusCode).toBe(404);
    expect((await owner.get(`${base(ids[3]!)}.pdf`)).statusCode).toBe(404);
    expect((await owner.get('/reviews/coops/records/abc/full-text.pdf')).statusCode).toBe(404);
  });
});
