import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatch } from '../../src/imports/batch-store.js';
import { findUpload } from '../../src/imports/import-uploads.js';
import { enqueueJob, LEASE_MS } from '../../src/jobs/job-store.js';
import { fixtureUpload, upload, waitForJob } from '../support/imports.js';
import { reviewIdOf } from '../support/record-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'uploads';
const FRAGMENT = { 'hx-request': 'true', 'hx-request-type': 'partial' };

describe('uploads between preview and stored records', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let reviewId: number;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ rita } = await addPeople(t.app, owner, [['Rita Reviewer', 'rita']]));
    await createReview(owner, { title: 'Uploads', slug: SLUG }, ['rita']);
    reviewId = await reviewIdOf(t.app.db, SLUG);
  });
  afterAll(async () => t.close());

  /** A previewed upload of a synthetic export, by `client`; returns its page's address. */
  async function preview(client: Client, name = 'scopus.ris'): Promise<string> {
    const uploaded = await upload(client, SLUG, [fixtureUpload(name)]);
    expect(uploaded.statusCode).toBe(303);
    const location = uploaded.headers.location as string;
    await waitForJob(client, location, /data-state="ready"/);
    return location;
  }

  /**
   * What an import looks like while another server process stores it: its commit job claimed by
   * someone else (a lease far ahead) and its search created, holding no record yet.
   */
  async function storingElsewhere(location: string): Promise<{ batchId: number; jobId: number }> {
    const id = location.split('/').pop()!;
    const found = (await findUpload(t.app.db, reviewId, id))!;
    const file = found.files[0]!;
    return t.app.db.transaction().execute(async (trx) => {
      const jobId = await enqueueJob(trx, { reviewId, kind: 'import-commit', payload: { uploadId: id }, createdBy: null });
      await trx.updateTable('job').set({ state: 'running', claimedBy: 'another-host 1 token', leaseUntil: new Date(Date.now() + 100 * LEASE_MS).toISOString() }).where('id', '=', jobId).execute();
      await trx.updateTable('importUpload').set({ commitJobId: jobId }).where('id', '=', id).execute();
      const batchId = await createBatch(trx, { reviewId, actorId: null }, { search: found.search, file, summary: file.summary! });
      await trx.updateTable('importUploadFile').set({ batchId }).where('uploadId', '=', id).where('position', '=', 0).execute();
      return { batchId, jobId };
    });
  }

  it('only the uploader or an owner imports or cancels a preview; others see who uploaded it', async () => {
    const location = await preview(owner);
    const seen = await rita.get(location);
    expect(seen.body).toContain('uploaded by Olive Owner');
    expect(seen.body).toContain('Olive Owner uploaded these files; they, or an owner of the review, import them.');
    expect(seen.body).not.toContain(`${location}/commit`);
    expect((await rita.post(`${location}/commit`, {})).statusCode).toBe(403);
    expect((await rita.post(`${location}/cancel`, {})).statusCode).toBe(403);
    expect((await owner.get(location, FRAGMENT)).body).toContain('data-state="ready"');

    const own = await preview(rita, 'pubmed.txt');
    expect((await rita.get(own)).body).toContain(`${own}/commit`);
    expect((await rita.post(`${own}/cancel`, {})).statusCode).toBe(303);
  });

  it('lists what is being stored on the Import page, which asks again by itself, and refuses to remove that search meanwhile', async () => {
    const location = await preview(owner, 'lens.ris');
    const { batchId, jobId } = await storingElsewhere(location);

    const page = await owner.get(`/reviews/${SLUG}/imports`);
    expect(page.body).toMatch(/<section id="uploads-in-progress"[^>]*hx-trigger="every 2s"/);
    expect(page.body).toMatch(/records being stored, 0 records of [\d,]+ stored/);
    expect(page.body).toContain('<span class="badge">storing</span>');
    // The poll answers with the in-progress list, and the searches table out of band.
    const poll = await owner.get(`/reviews/${SLUG}/imports`, FRAGMENT);
    expect(poll.body).toMatch(/^<section id="uploads-in-progress"/);
    expect(poll.body).toContain('<section id="searches" hx-swap-oob="true">');

    await owner.get(`/reviews/${SLUG}/imports`);
    const refused = await owner.post(`/reviews/${SLUG}/imports/${batchId}/remove`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('This search is still being stored. Remove it once its import has finished or stopped.');

    // Once storing has stopped, the search can go; continuing the import then makes no sense and is refused.
    await t.app.db.updateTable('job').set({ state: 'failed', error: 'The disk is full.', claimedBy: null, leaseUntil: null }).where('id', '=', jobId).execute();
    const stopped = await owner.get(location);
    expect(stopped.body).toContain('data-state="interrupted"');
    expect(stopped.body).toContain('The disk is full.');
    expect(stopped.body).toMatch(/<strong>0 of [\d,]+ records<\/strong> are stored and kept/);
    await owner.get(`/reviews/${SLUG}/imports`);
    expect((await owner.post(`/reviews/${SLUG}/imports/${batchId}/remove`, {})).statusCode).toBe(303);
    await owner.get(location);
    const cont = await owner.post(`${location}/continue`, {});
    expect(cont.statusCode).toBe(422);
    expect(cont.body).toContain('was removed, so this import cannot be continued. Upload the file again.');
  });
});
