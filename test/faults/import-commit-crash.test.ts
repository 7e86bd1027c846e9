import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FormClient } from '../bench/form-client.js';
import { expectStatus, signInWithReview } from '../bench/sign-in.js';
import { writeScopusRis } from '../bench/search-corpus.js';
import { queryRows, queryValue } from '../support/data-dir-query.js';
import { countersAndRecount } from '../support/recount.js';
import { faultScene, until } from './fault-support.js';

const RECORDS = 10_000;
const SLUG = 'crash';

/** The upload's page state, as the browser polls it. */
async function uploadState(client: FormClient, location: string): Promise<string> {
  const page = await client.get(location, { 'hx-request': 'true', 'hx-request-type': 'partial' });
  expectStatus(`GET ${location}`, page.status, 200, page.body);
  return /data-state="([a-z]+)"/.exec(page.body)![1]!;
}

describe('an import killed while its records are stored (kill -9)', () => {
  const scene = faultScene('coreview-commit-crash-');
  afterAll(() => scene.close());

  it('carries on after a restart from where it stopped: every record once, counters exact, duplicates checked', { timeout: 180_000 }, async () => {
    const file = join(scene.dir, 'scopus.ris');
    await writeScopusRis(file, RECORDS);
    let server = await scene.start();
    const owner = await signInWithReview(server.baseUrl, { title: 'Crash', slug: SLUG });
    await owner.get(`/reviews/${SLUG}/imports`);
    const uploaded = await owner.postFiles(`/reviews/${SLUG}/imports`, { sourceType: 'database', sourceName: 'Scopus' }, { field: 'files', paths: [file] });
    expectStatus('POST imports', uploaded.status, 303, uploaded.body);
    const location = uploaded.location!;
    await until('the preview', async () => ((await uploadState(owner, location)) === 'ready' ? true : undefined), { everyMs: 50 });
    await owner.get(location);
    expectStatus('POST commit', (await owner.post(`${location}/commit`, {})).status, 303);

    const db = await scene.reader();
    const stored = () => queryValue<number>(db, 'SELECT count(*) AS n FROM record');
    await until('some records to be stored', async () => ((await stored()) >= 1000 ? true : undefined), { everyMs: 5 });
    await server.kill();
    const before = await stored();
    expect(before).toBeLessThan(RECORDS);

    // Restarted on the same address, so the same browser session carries on (sessions are rows too).
    server = await scene.start(server.port);
    const state = await until('the import to finish', async () => {
      const now = await uploadState(owner, location);
      return ['committed', 'interrupted'].includes(now) ? now : undefined;
    }, { everyMs: 200 });
    const page = await owner.get(location);
    await server.stop();

    expect(state).toBe('committed');
    expect(page.body).toContain(`Imported ${RECORDS.toLocaleString('en-GB')} records.`);
    const reviewId = await queryValue<number>(db, 'SELECT id FROM review WHERE slug = ?', SLUG);
    expect(await queryRows(db, 'SELECT count(*) AS n, count(DISTINCT position) AS positions, min(position) AS first, max(position) AS last FROM record'))
      .toEqual([{ n: RECORDS, positions: RECORDS, first: 1, last: RECORDS }]);
    const { counters, recount } = await countersAndRecount(db, reviewId);
    expect(counters).toEqual(recount);
    expect(await queryValue(db, "SELECT count(*) AS n FROM audit_event WHERE action = 'import.commit'")).toBe(1);
    expect(await queryRows(db, "SELECT state FROM job WHERE kind = 'dedup'")).toEqual([{ state: 'done' }]);
    // Nothing of the upload is left in staging; the original is kept under its hash.
    expect(readdirSync(join(scene.dataDir, 'staging'))).toEqual([]);
    expect(readdirSync(join(scene.dataDir, 'originals'))).toEqual([await queryValue(db, 'SELECT file_sha256 AS sha256 FROM import_batch')]);
  });
});
