import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureUpload, upload, waitForJob, type UploadFile } from '../support/imports.js';
import { reviewIdOf } from '../support/record-fixtures.js';
import { createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

/**
 * Hostile uploads: each ends with a message a person can act on, and nothing harmful is stored.
 * Timings are the bench's business; here only outcomes are checked.
 */

const SLUG = 'hostile';
const FILES_LIMIT = 4;
const good = (): UploadFile => fixtureUpload('ebsco-criminal-justice.ris');

async function newApp(env: Record<string, string>): Promise<{ t: TestApp; owner: Client }> {
  const t = await createTestApp(env);
  const owner = await setupOwner(t.app);
  await owner.get('/reviews/new');
  await owner.post('/reviews', { title: 'Hostile input', slug: SLUG, question: '', description: '' });
  return { t, owner };
}

const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
/** Entries of `dir` that were not in `before` (an earlier import may still be clearing its own). */
const added = (dir: string, before: string[]) => listing(dir).filter((name) => !before.includes(name));

describe('hostile uploads', () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    ({ t, owner } = await newApp({ COREVIEW_UPLOAD_LIMIT_MB: '1', COREVIEW_UPLOAD_FILES: String(FILES_LIMIT) }));
  });
  afterAll(async () => t.close());

  async function preview(files: UploadFile[]): Promise<{ jobUrl: string; html: string }> {
    const response = await upload(owner, SLUG, files);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
    const jobUrl = response.headers.location as string;
    return { jobUrl, html: await waitForJob(owner, jobUrl) };
  }

  async function stored(): Promise<{ batches: number; records: number; longestAuthors: number }> {
    const reviewId = await reviewIdOf(t.app.db, SLUG);
    const batches = await t.app.db.selectFrom('importBatch').select((eb) => eb.fn.countAll<number>().as('n')).where('reviewId', '=', reviewId).executeTakeFirstOrThrow();
    const records = await t.app.db
      .selectFrom('record')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max(eb.fn('length', ['authorsJson'])).as('longest')])
      .where('reviewId', '=', reviewId)
      .executeTakeFirstOrThrow();
    return { batches: Number(batches.n), records: Number(records.n), longestAuthors: Number(records.longest ?? 0) };
  }

  it('10,000 nested braces in a BibTeX title give a clean title; 10,000 unclosed ones fail that entry alone', async () => {
    const bib = [
      `@article{deep, title = {${'{'.repeat(10_000)}Deep nesting${'}'.repeat(10_000)}}, author = {Doe, Jane}, year = 2020}`,
      `@article{open, title = {${'{'.repeat(10_000)}Never closed}, author = {Roe, Rita}}`,
      '@article{fine, title = {A fine entry}, author = {Poe, Paul}, year = 2021}',
    ].join('\n\n');
    const { jobUrl, html } = await preview([{ name: 'braces.bib', content: bib }]);
    expect(html).toMatch(/data-count="found">3</);
    expect(html).toMatch(/data-count="imported">2</);
    expect(html).toContain("The entry's braces are not balanced, so it never closes.");
    await owner.post(`${jobUrl}/commit`, {});
    await waitForJob(owner, jobUrl, /data-state="committed"/);
    const list = await owner.get(`/reviews/${SLUG}/records?q=nesting`);
    expect(list.body).toContain('>Deep nesting</a>');
  });

  it('a 400 KB author (one RIS AU line) fails that record with the field named; the others import', async () => {
    const before = await stored();
    const ris = `TY  - JOUR\nTI  - Enormous author\nAU  - ${'Abcdefghij '.repeat(40_000)}\nER  - \n\nTY  - JOUR\nTI  - Normal record\nAU  - Roe, Rita\nER  - \n`;
    const { jobUrl, html } = await preview([{ name: 'author.ris', content: ris }]);
    expect(html).toMatch(/data-count="failed"[^>]*>1</);
    expect(html).toContain('Author 1 is 439,999 characters long, more than any real one (at most 2,000), so the record looks damaged.');
    // The raw text shown with the failure is cut short, not 400 KB of page.
    expect(html.length).toBeLessThan(60_000);
    await owner.post(`${jobUrl}/commit`, {});
    await waitForJob(owner, jobUrl, /data-state="committed"/);
    const after = await stored();
    expect(after.records - before.records).toBe(1);
    expect(after.longestAuthors).toBeLessThan(1_000);
  });

  it('binary, ZIP and PDF files are refused one by one with their reason, and a good file in the same upload imports', async () => {
    const random = new Uint8Array(64 * 1024).map((_, i) => (i * 7919 + 13) % 256);
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, ...new TextEncoder().encode('TY  - JOUR\nTI  - inside\nER  - ')]);
    const pdf = '%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
    const { jobUrl, html } = await preview([
      { name: 'random.ris', content: random },
      { name: 'export.ris', content: zip },
      { name: 'paper.bib', content: pdf },
      good(),
    ]);
    expect(html).toContain('This file cannot be imported: random.ris contains NUL bytes, so it is a binary file, not a text reference export.');
    expect(html).toContain('This file cannot be imported: export.ris is a ZIP archive');
    expect(html).toContain('This file cannot be imported: paper.bib is a PDF document, not a reference export.');
    expect(html).toContain('Import 12 records');
    const before = await stored();
    await owner.post(`${jobUrl}/commit`, {});
    await waitForJob(owner, jobUrl, /data-state="committed"/);
    const after = await stored();
    expect(after.batches - before.batches).toBe(1);
    expect(after.records - before.records).toBe(12);
  });

  it('an empty file is refused with a message before anything is staged', async () => {
    const before = { stored: await stored(), staging: listing(join(t.dataDir, 'staging')) };
    const response = await upload(owner, SLUG, [{ name: 'empty.ris', content: '' }]);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('empty.ris is empty. Export the search again.');
    expect(await stored()).toEqual(before.stored);
    expect(added(join(t.dataDir, 'staging'), before.staging)).toEqual([]);
    expect(listing(join(t.dataDir, 'tmp'))).toEqual([]);
  });

  it('a file over the size limit is refused with 413 and nothing is kept, not even the smaller file sent with it', async () => {
    const before = { stored: await stored(), staging: listing(join(t.dataDir, 'staging')), originals: listing(join(t.dataDir, 'originals')) };
    const response = await upload(owner, SLUG, [good(), { name: 'huge.ris', content: new Uint8Array(1024 * 1024 + 1).fill(65) }]);
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('The upload is larger than allowed (1 MB per file');
    expect(response.body).toContain('Nothing was stored.');
    expect(listing(join(t.dataDir, 'tmp'))).toEqual([]);
    expect(added(join(t.dataDir, 'staging'), before.staging)).toEqual([]);
    expect(added(join(t.dataDir, 'originals'), before.originals)).toEqual([]);
    expect(await stored()).toEqual(before.stored);
  });

  it('more files than COREVIEW_UPLOAD_FILES are refused with 413 and a message saying how many are allowed', async () => {
    const before = { stored: await stored(), staging: listing(join(t.dataDir, 'staging')) };
    const files = Array.from({ length: FILES_LIMIT + 1 }, (_, i) => ({ name: `part-${i}.ris`, content: `TY  - JOUR\nTI  - Part ${i}\nER  - \n` }));
    const response = await upload(owner, SLUG, files);
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain(`Too many files: at most ${FILES_LIMIT} in one upload.`);
    expect(response.body).toContain('Nothing was stored.');
    expect(listing(join(t.dataDir, 'tmp'))).toEqual([]);
    expect(added(join(t.dataDir, 'staging'), before.staging)).toEqual([]);
    expect(await stored()).toEqual(before.stored);
  });

  it('<script> in a file and in the search details is stored as written but escaped on every page', async () => {
    const ris = [
      'TY  - JOUR', 'TI  - Harm <script>alert(1)</script> reduction', 'AU  - Doe, Jane', 'AB  - An abstract.', 'ER  - ', '',
      'TY  - JOUR', 'AU  - Untitled, Una', 'AB  - <script>alert(2)</script>', 'ER  - ', '',
    ].join('\n');
    const search = { sourceName: 'Scopus <script>alert(3)</script>', query: '<script>alert(4)</script>', notes: '<script>alert(5)</script>' };
    const uploaded = await upload(owner, SLUG, [{ name: '<script>alert(6)</script>.ris', content: ris }], search);
    const jobUrl = uploaded.headers.location as string;
    await waitForJob(owner, jobUrl);
    const previewPage = (await owner.get(jobUrl)).body;
    await owner.post(`${jobUrl}/commit`, {});
    expect(await waitForJob(owner, jobUrl, /data-state="committed"/)).toContain('Imported 2 records.');

    // Stored as written: the raw text keeps it (the title itself is cleaned of tags on import).
    const record = await t.app.db.selectFrom('record').select(['id', 'title', 'raw']).where('title', 'like', 'Harm%').orderBy('id', 'desc').executeTakeFirstOrThrow();
    // The record without a title is imported too ("[No title]"); its abstract was only a script, so it has none.
    const untitled = await t.app.db.selectFrom('record').select(['id', 'abstract']).where('title', '=', '').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(untitled.abstract).toBe('');
    expect(record.raw).toContain('TI  - Harm <script>alert(1)</script> reduction');
    expect(record.title).toBe('Harm reduction');
    const batch = await t.app.db.selectFrom('importBatch').select(['sourceName', 'query']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(batch).toEqual({ sourceName: search.sourceName, query: search.query });

    const pages = [
      previewPage,
      (await owner.get(jobUrl)).body,
      (await owner.get(`/reviews/${SLUG}/imports`)).body,
      (await owner.get(`/reviews/${SLUG}/records`)).body,
      (await owner.get(`/reviews/${SLUG}/records?q=harm`)).body,
      (await owner.get(`/reviews/${SLUG}/records/${record.id}`)).body,
      (await owner.get(`/reviews/${SLUG}/records/${record.id}/edit`)).body,
      (await owner.get(`/reviews/${SLUG}/audit`)).body,
      (await owner.get(`/reviews/${SLUG}`)).body,
      (await owner.get(`/reviews/${SLUG}/records/${untitled.id}`)).body,
    ];
    // Text is escaped (`<` becomes &lt;): the only script elements on any page are Coreview's own files.
    for (const page of pages) {
      expect(page).not.toMatch(/<script>alert/);
      expect(page.match(/<script\b[^>]*>/g)).toEqual([
        '<script src="/assets/htmx.min.js" defer>',
        '<script src="/assets/app.js" defer>',
        '<script src="/assets/unsaved-changes.js" defer>',
      ]);
    }
    expect(pages[9]).toContain('AB  - &lt;script>alert(2)&lt;/script>');
    expect(pages[2]).toContain('Scopus &lt;script>alert(3)&lt;/script>');
    expect(pages[5]).toContain('TI  - Harm &lt;script>alert(1)&lt;/script> reduction');
    expect(pages[5]).toContain('&lt;script>alert(4)&lt;/script>');
  });
});

describe('a pathological file', () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    ({ t, owner } = await newApp({ COREVIEW_IMPORT_TIME_LIMIT_SECONDS: '1' }));
  });
  afterAll(async () => t.close());

  it('does not stop /healthz from answering, and ends in a clear "took too long" once over the time limit', async () => {
    // 300,000 tiny BibTeX entries (13 MB): many seconds of parsing, far past a one-second limit.
    const bib = Array.from({ length: 300_000 }, (_, i) => `@misc{k${i}, title={T${i}}}`).join('\n');
    const uploaded = await upload(owner, SLUG, [{ name: 'pathological.bib', content: bib }]);
    expect(uploaded.statusCode).toBe(303);
    const jobUrl = uploaded.headers.location as string;

    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok' });
    // That answer came while the worker was still reading.
    expect((await owner.get(jobUrl)).body).toContain('data-state="reading"');

    const ended = await waitForJob(owner, jobUrl);
    expect(ended).toContain('data-state="failed"');
    expect(ended).toContain('Reading the files took too long and was stopped after 1 s.');
    expect(ended).not.toContain('/commit');
    const reviewId = await reviewIdOf(t.app.db, SLUG);
    const batches = await t.app.db.selectFrom('importBatch').select('id').where('reviewId', '=', reviewId).execute();
    expect(batches).toEqual([]);
    // A failed preview keeps nothing on disk either.
    expect(existsSync(join(t.dataDir, 'staging', jobUrl.split('/').pop()!))).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
