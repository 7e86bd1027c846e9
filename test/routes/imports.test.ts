import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureFile } from '../support/fixture-exports.js';
import { fixtureUpload, importFiles, upload, waitForJob } from '../support/imports.js';
import { addPerson, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
// Two exports of one search (test/fixtures/exports/README.md); the Lens one starts with a byte-order mark.
const CRIMJUST = 'ebsco-criminal-justice.ris';
const LENS = 'lens.ris';

describe('importing through the upload form', () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await createTestApp({ COREVIEW_UPLOAD_LIMIT_MB: '1' });
    owner = await setupOwner(t.app);
    await owner.get('/reviews/new');
    await owner.post('/reviews', { title: 'Gambling harms', slug: 'harms', question: '', description: '' });
  });
  afterAll(async () => t.close());

  it('previews two exports, commits them atomically, and counts them on the dashboard', async () => {
    const files = [fixtureUpload(CRIMJUST), fixtureUpload(LENS)];
    const uploaded = await upload(owner, 'harms', files);
    expect(uploaded.statusCode).toBe(303);
    const jobUrl = uploaded.headers.location as string;
    const preview = await waitForJob(owner, jobUrl);
    expect(preview).toContain('data-state="ready"');
    expect(preview).toMatch(/data-count="found">12</);
    expect(preview).toMatch(/data-count="found">24</);
    // Nothing is stored before the commit.
    expect((await owner.get('/reviews/harms/imports')).body).toContain('Nothing imported yet');

    await owner.post(`${jobUrl}/commit`, {});
    const done = await waitForJob(owner, jobUrl, /data-state="committed"/);
    expect(done).toContain('Imported 36 records');
    const list = await owner.get('/reviews/harms/imports');
    expect(list.body).toContain(CRIMJUST);
    expect(list.body).toContain('12 of 12');
    // Two files uploaded together are two searches, as the page says.
    expect(list.body).toContain('Each file becomes one search below');
    expect(list.body).toContain('36 records from 2 searches.');
    const dashboard = await owner.get('/reviews/harms');
    expect(dashboard.body).toMatch(/data-stage="import".*?<strong>36<\/strong>/s);
    expect(dashboard.body).toContain('2 searches imported');
  });

  it('keeps the original byte for byte, downloadable with its hash', async () => {
    const list = await owner.get('/reviews/harms/imports');
    const href = /href="(\/reviews\/harms\/imports\/\d+\/original)">lens\.ris/.exec(list.body)![1]!;
    const download = await owner.get(href);
    const original = fixtureFile(LENS);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(sha256(download.rawPayload)).toBe(sha256(original));
    expect(download.headers['x-content-sha256']).toBe(sha256(original));
  });

  it('warns when the same file is uploaded again', async () => {
    const uploaded = await upload(owner, 'harms', [fixtureUpload(CRIMJUST)]);
    const preview = await waitForJob(owner, uploaded.headers.location as string);
    expect(preview).toContain('This exact file was already imported');
    await owner.post(`${uploaded.headers.location}/cancel`, {});
    const cancelled = await owner.get(uploaded.headers.location as string);
    expect(cancelled.body).toContain('data-state="cancelled"');
    expect(cancelled.body).toContain('This import was cancelled; nothing was stored.');
  });

  it('reports an unreadable file in the preview and imports nothing from it', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, ...new Array(200).fill(7)]);
    const uploaded = await upload(owner, 'harms', [{ name: 'export.ris', content: zip }]);
    const preview = await waitForJob(owner, uploaded.headers.location as string);
    expect(preview).toContain('This file cannot be imported');
    expect(preview).toContain('There is nothing to import');
    expect(preview).not.toContain('/commit');
  });

  it('refuses an empty upload or a missing source with messages, keeping what was typed', async () => {
    const empty = await upload(owner, 'harms', [{ name: 'empty.ris', content: '' }], { sourceName: '', query: 'my query' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Source is required');
    expect(empty.body).toContain('my query');
    const noDate = await upload(owner, 'harms', [fixtureUpload('scopus.ris')], { searchedOn: '2026-02-30' });
    expect(noDate.statusCode).toBe(422);
    expect(noDate.body).toContain('real date');
  });

  it('refuses a file over the upload limit with 413 and stores nothing', async () => {
    const staging = join(t.dataDir, 'staging');
    const stagedBefore = existsSync(staging) ? readdirSync(staging) : [];
    const big = new Uint8Array(1024 * 1024 + 10).fill(65);
    const response = await upload(owner, 'harms', [{ name: 'huge.ris', content: big }]);
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('larger than allowed');
    const tmp = join(t.dataDir, 'tmp');
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
    expect(existsSync(staging) ? readdirSync(staging) : []).toEqual(stagedBefore);
  });

  it('refuses an upload without the CSRF token and leaves no file behind', async () => {
    await owner.get('/reviews/harms/imports');
    const response = await owner.postMultipart('/reviews/harms/imports', { sourceType: 'database', sourceName: 'Scopus' }, [
      { field: 'files', name: 'a.ris', content: fixtureFile('scopus.ris') },
    ]);
    expect(response.statusCode).toBe(403);
    expect(readdirSync(join(t.dataDir, 'tmp'))).toEqual([]);
  });

  it('removes a search with its records, keeping the row and the original', async () => {
    await importFiles(owner, 'harms', [fixtureUpload('scopus.ris')], { sourceName: 'Scopus again' });
    let list = await owner.get('/reviews/harms/imports');
    const id = /\/imports\/(\d+)\/original">scopus\.ris/.exec(list.body)![1];
    expect((await owner.get('/reviews/harms')).body).toMatch(/data-stage="import".*?<strong>39<\/strong>/s);
    expect((await owner.post(`/reviews/harms/imports/${id}/remove`, {})).statusCode).toBe(303);
    list = await owner.get('/reviews/harms/imports');
    expect(list.body).toContain('Removed');
    expect((await owner.get('/reviews/harms')).body).toMatch(/data-stage="import".*?<strong>36<\/strong>/s);
    expect((await owner.get(`/reviews/harms/imports/${id}/original`)).statusCode).toBe(200);
    const audit = await owner.get('/reviews/harms/audit');
    expect(audit.body).toMatch(/imported \d+ records/);
    expect(audit.body).toContain('removed the search Scopus again (scopus.ris) and its 3 records');
  });

  it('hides imports from non-members', async () => {
    const otto = await addPerson(t.app, owner, { name: 'Otto', email: 'otto@example.org', password: 'otto-password' });
    expect((await otto.get('/reviews/harms/imports')).statusCode).toBe(404);
    expect((await otto.get('/reviews/harms/imports/1/original')).statusCode).toBe(404);
    const sneaky = await upload(otto, 'harms', [fixtureUpload('scopus.ris')]);
    expect(sneaky.statusCode).toBe(404);
  });
});
