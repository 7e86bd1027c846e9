import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FormClient } from '../bench/form-client.js';
import { expectStatus, signInWithReview } from '../bench/sign-in.js';
import { writeScopusRis } from '../bench/search-corpus.js';
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

    const db = scene.reader();
    const stored = () => db.sqlite.prepare('SELECT count(*) FROM record').pluck().get() as number;
    await until('some records to be stored', async () => (stored() >= 1000 ? true : undefined), { everyMs: 5 });
    await server.kill();
    const before = stored();
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
    const reviewId = db.sqlite.prepare('SELECT id FROM review WHERE slug = ?').pluck().get(SLUG) as number;
    expect(db.sqlite.prepare('SELECT count(*), count(DISTINCT position), min(position), max(position) FROM record').raw().get()).toEqual([RECORDS, RECORDS, 1, RECORDS]);
    const { counters, recount } = await countersAndRecount(db, reviewId);
    expect(counters).toEqual(recount);
    expect(db.sqlite.prepare("SELECT count(*) FROM audit_event WHERE action = 'import.commit'").pluck().get()).toBe(1);
    expect(db.sqlite.prepare("SELECT state FROM job WHERE kind = 'dedup'").pluck().all()).toEqual(['done']);
    // Nothing of the upload is left in staging; the original is kept under its hash.
    expect(readdirSync(join(scene.dataDir, 'staging'))).toEqual([]);
    expect(readdirSync(join(scene.dataDir, 'originals'))).toEqual([db.sqlite.prepare('SELECT file_sha256 FROM import_batch').pluck().get()]);
  });
});
