import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { changeSettings } from '../../src/screening/settings-service.js';
import { expectStatus, signInWithReview } from '../bench/sign-in.js';
import { writeScopusRis } from '../bench/search-corpus.js';
import { queryValue } from '../support/data-dir-query.js';
import { insertSearch } from '../support/record-fixtures.js';
import { faultScene, until } from './fault-support.js';

const SLUG = 'busy';
const PAGE = `/reviews/${SLUG}/screening/title-abstract`;
const FRAGMENT = { 'hx-request': 'true', 'hx-request-type': 'partial' };

describe('screening while an import stores its records', () => {
  const scene = faultScene('coreview-busy-');
  afterAll(() => scene.close());

  it('every decision posted meanwhile is answered without an error and kept', { timeout: 180_000 }, async () => {
    const file = join(scene.dir, 'scopus.ris');
    await writeScopusRis(file, 10_000);
    const server = await scene.start();
    try {
      const owner = await signInWithReview(server.baseUrl, { title: 'Busy', slug: SLUG });
      // 500 records to screen, two decisions each (both the owner's), written beside the server as a second process would.
      const db = await scene.reader();
      const reviewId = await queryValue<number>(db, 'SELECT id FROM review WHERE slug = ?', SLUG);
      const ownerId = await queryValue<number>(db, "SELECT id FROM account WHERE email = 'owner@bench.example'");
      const { ids: openIds } = await insertSearch(db.kysely, reviewId, Array.from({ length: 500 }, (_, i) => ({ title: `Busy record ${i}` })));
      await changeSettings(db.kysely, { reviewId, actorId: ownerId }, 'title_abstract', { reviewersNeeded: 2, blind: true, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
      await owner.get(`/reviews/${SLUG}/imports`);
      const uploaded = await owner.postFiles(`/reviews/${SLUG}/imports`, { sourceType: 'database', sourceName: 'Scopus' }, { field: 'files', paths: [file] });
      const location = uploaded.location!;
      const state = async () => /data-state="([a-z]+)"/.exec((await owner.get(location, FRAGMENT)).body)![1]!;
      await until('the preview', async () => ((await state()) === 'ready' ? true : undefined), { everyMs: 50 });
      await owner.get(location);
      expectStatus('POST commit', (await owner.post(`${location}/commit`, {})).status, 303);

      const stored = () => queryValue<number>(db, 'SELECT count(*) AS n FROM record');
      await until('storing to begin', async () => ((await stored()) > 600 ? true : undefined), { everyMs: 5 });
      // Decide, as fast as answers come, until the import has stored every record.
      await owner.get(PAGE);
      const statuses: number[] = [];
      let acknowledged = 0;
      for (let k = 0; (await stored()) < 10_500; k++) {
        const id = openIds[k % openIds.length]!;
        const answer = await owner.post(`${PAGE}/records/${id}`, { decision: Math.floor(k / openIds.length) % 2 === 0 ? 'include' : 'exclude' });
        statuses.push(answer.status);
        if (answer.status === 303) acknowledged++;
      }
      await until('the import to finish', async () => (['committed', 'interrupted'].includes(await state()) ? true : undefined), { everyMs: 200 });

      expect(statuses.length).toBeGreaterThan(20);
      expect(statuses.filter((s) => s !== 303)).toEqual([]);
      // Each acknowledged decision is in the history: nothing acknowledged was lost.
      expect(await queryValue(db, "SELECT count(*) AS n FROM screening_event WHERE kind = 'decision'")).toBe(acknowledged);
      expect(await state()).toBe('committed');
    } finally {
      await server.stop();
    }
  });
});
