import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISK_FULL_MESSAGE } from '../../src/disk-full.js';
import { createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

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
    const unlimited = t.app.sqlite.pragma('max_page_count', { simple: true }) as number;
    await owner.get('/reviews/new');
    // SQLite may not grow the file past its current size: as full as a full disk, for real.
    t.app.sqlite.pragma(`max_page_count = ${t.app.sqlite.pragma('page_count', { simple: true }) as number}`);
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
      t.app.sqlite.pragma(`max_page_count = ${unlimited}`);
    }
    const saved = await owner.post('/reviews', { title: 'Desistance and work', slug: 'full', question: '', description: longDescription('desistance') });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    expect(await reviewCount()).toBe(1);
  });
});
