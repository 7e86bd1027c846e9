import { sqliteOf } from '../support/sqlite-of.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISK_FULL_MESSAGE } from '../../src/disk-full.js';
import { waitForJob } from '../support/imports.js';
import { minimalPdf } from '../support/pdf-fixture.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';
import { mountTinyDisk, type TinyDisk } from '../support/tiny-disk.js';

/** A description long enough that saving it needs new database pages (it is ~3 pages, and so is its audit event). */
const longDescription = (seed: string) => Array.from({ length: 1200 }, (_, i) => `${seed}${i}`).join(' ').slice(0, 10_000);

describe('a full database', () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
  });
  afterAll(async () => t.close());

  const reviewCount = async () => Number((await t.app.db.selectFrom('review').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('answers 507 saying the disk is full, saves nothing, and works again once there is room', async () => {
    const unlimited = sqliteOf(t.app).pragma('max_page_count', { simple: true }) as number;
    await owner.get('/reviews/new');
    // SQLite may not grow the file past its current size: as full as a full disk, for real.
    sqliteOf(t.app).pragma(`max_page_count = ${sqliteOf(t.app).pragma('page_count', { simple: true }) as number}`);
    try {
      const form = { title: 'Desistance and work', slug: 'full', question: '', description: longDescription('desistance') };
      const refused = await owner.post('/reviews', form);
      expect(refused.statusCode).toBe(507);
      expect(refused.body).toContain(DISK_FULL_MESSAGE);
      const htmx = await owner.post('/reviews', form, { headers: { 'hx-request': 'true' } });
      expect(htmx.statusCode).toBe(507);
      expect(htmx.headers['hx-retarget']).toBe('#alerts');
      expect(htmx.body).toContain(DISK_FULL_MESSAGE);
      expect(await reviewCount()).toBe(0);
    } finally {
      sqliteOf(t.app).pragma(`max_page_count = ${unlimited}`);
    }
    const saved = await owner.post('/reviews', { title: 'Desistance and work', slug: 'full', question: '', description: longDescription('desistance') });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    expect(await reviewCount()).toBe(1);
  });
});

describe('a full disk under the data folder', () => {
  let disk: TinyDisk;
  let t: TestApp;
  let owner: Client;
  let recordId: number;
  beforeAll(async () => {
    disk = await mountTinyDisk(24 * 1024 * 1024);
    t = await createTestApp({ COREVIEW_DATA_DIR: disk.path });
    owner = await setupOwner(t.app);
    await createReview(owner, { title: 'Desistance', slug: 'disk' });
    recordId = (await insertSearch(t.app.db, await reviewIdOf(t.app.db, 'disk'), [{ title: 'Desistance and work' }])).ids[0]!;
  });
  afterAll(async () => {
    await t?.close();
    disk?.close();
  });

  const files = (folder: string) => (existsSync(join(disk.path, folder)) ? readdirSync(join(disk.path, folder)) : []);
  const count = async (table: 'importBatch' | 'fullText') => Number((await t.app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  /** ~400 KB of RIS: more than the room left below, so the disk fills part-way through the upload. */
  const bigExport = Array.from({ length: 5000 }, (_, i) => `TY  - JOUR\nTI  - Desistance and co-operative work, part ${i}\nAU  - Maruna, Shadd\nPY  - 2001\nER  - \n`).join('\n');

  const uploadExport = async () => {
    await owner.get('/reviews/disk/imports');
    return owner.postMultipart('/reviews/disk/imports', { _csrf: owner.csrfToken, sourceType: 'database', sourceName: 'Scopus' }, [{ field: 'files', name: 'scopus.ris', content: bigExport }]);
  };
  const uploadPdf = async () => {
    await owner.get(`/reviews/disk/records/${recordId}`);
    return owner.postMultipart(`/reviews/disk/records/${recordId}/full-text`, { _csrf: owner.csrfToken }, [{ field: 'pdf', name: 'maruna.pdf', content: minimalPdf('Making Good', 400_000) }]);
  };

  it('an upload that fills the disk half-way answers 507, keeps no part of it, and goes through once space is freed', async () => {
    const batches = await count('importBatch');
    disk.fill(100 * 1024);
    try {
      const refused = await uploadExport();
      expect(refused.statusCode, refused.body.slice(-300)).toBe(507);
      expect(refused.body).toContain(DISK_FULL_MESSAGE);
      expect(files('tmp')).toEqual([]);
      expect(await count('importBatch')).toBe(batches);
    } finally {
      disk.free();
    }
    const accepted = await uploadExport();
    expect(accepted.statusCode, accepted.body.slice(-300)).toBe(303);
    const preview = await waitForJob(owner, accepted.headers.location as string);
    expect(preview).toMatch(/data-count="found">5,000</);
  });

  it('a PDF that does not fit answers 507 and leaves no file; with room it is attached', async () => {
    disk.fill(100 * 1024);
    try {
      const refused = await uploadPdf();
      expect(refused.statusCode, refused.body.slice(-300)).toBe(507);
      expect(refused.body).toContain(DISK_FULL_MESSAGE);
      expect([...files('tmp'), ...files('fulltexts')]).toEqual([]);
      expect(await count('fullText')).toBe(0);
    } finally {
      disk.free();
    }
    const attached = await uploadPdf();
    expect(attached.statusCode, attached.body.slice(-300)).toBe(303);
    expect(files('fulltexts')).toHaveLength(1);
    expect(await count('fullText')).toBe(1);
  });
});
