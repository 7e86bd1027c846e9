import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureUpload, importFiles } from '../support/imports.js';
import { addMember, addPerson, createTestApp, setupOwner, signIn, type Client, type TestApp } from '../support/test-app.js';

const fragment = { 'hx-request': 'true', 'hx-request-type': 'partial' };
const SLUG = 'harms';
const BASE = `/reviews/${SLUG}/duplicates`;
// Three exports of one search: the same studies arrive from several databases (test/fixtures/exports/README.md).
const SOURCES = { 'ebsco-criminal-justice.ris': 'Criminal Justice Abstracts', 'lens.ris': 'Lens', 'ebsco-psycinfo.ris': 'APA PsycInfo' };

describe('duplicates: queue, decisions, bulk confirm, merges', () => {
  let t: TestApp;
  let owner: Client;
  let reviewer: Client;
  let outsider: Client;

  const pairs = () => t.app.db.selectFrom('duplicatePair').selectAll().orderBy('score', 'desc').orderBy('id').execute();
  const pending = async () => (await pairs()).filter((p) => p.status === 'pending');
  const audit = (action: string) => t.app.db.selectFrom('auditEvent').selectAll().where('action', '=', action).execute();
  const shownPair = (html: string) => Number(/data-pair="(\d+)"/.exec(html)?.[1]);

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await addPerson(t.app, owner, { name: 'Rita Reviewer', email: 'rita@example.org', password: 'rita-password' });
    await addPerson(t.app, owner, { name: 'Otto Outsider', email: 'otto@example.org', password: 'otto-password' });
    await owner.get('/reviews/new');
    await owner.post('/reviews', { title: 'Gambling harms', slug: SLUG, question: '', description: '' });
    reviewer = await signIn(t.app, 'rita@example.org', 'rita-password');
    await addMember(owner, SLUG, reviewer, 'rita@example.org');
    outsider = await signIn(t.app, 'otto@example.org', 'otto-password');
    for (const [name, sourceName] of Object.entries(SOURCES)) await importFiles(owner, SLUG, [fixtureUpload(name)], { sourceName });
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  /** The Duplicates page once the newest check has finished (it runs as a job, off the request). */
  async function afterCheck(): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const page = await owner.get(BASE);
      if (!/data-check-state="(queued|running)"/.test(page.body)) return page.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the duplicate check did not finish');
  }

  it('finds duplicates on demand (whether or not the import already did) and says what it found', async () => {
    await owner.get(BASE);
    const checksBefore = (await audit('duplicates.detect')).length;
    const found = await owner.post(`${BASE}/detect`);
    expect(found.statusCode).toBe(303);
    // The check runs as a job: the page answers at once and shows where it stands.
    expect((await owner.get(BASE)).body).toMatch(/data-check-state="(queued|running|done)"/);
    expect(await afterCheck()).toMatch(/Last check [\d-]+ [\d:]+ UTC:<\/p><p>(found [\d,]+ new pairs?: [\d,]+ groups? merged automatically, [\d,]+ pairs? to check\.|no new duplicates found\.)/);
    expect(await t.app.db.selectFrom('mergeEvent').select('id').where('reason', '=', 'automatic').execute()).not.toHaveLength(0);

    // A second run asks nothing twice.
    await owner.post(`${BASE}/detect`);
    expect(await afterCheck()).toContain('no new duplicates found.');
    expect((await audit('duplicates.detect')).length).toBe(checksBefore + 2);
  });

  it('shows one pending pair at a time, highest score first, with its reasons and differing fields', async () => {
    const queue = await pending();
    expect(queue.length).toBeGreaterThanOrEqual(3);
    const page = await reviewer.get(BASE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${queue.length} pairs left`);
    expect(shownPair(page.body)).toBe(queue[0]!.id);
    expect(page.body).toContain(JSON.parse(queue[0]!.reasonsJson)[0]);
    expect(page.body).toMatch(/<tr class="differs"><th scope="row">Year/);
    for (const key of ['s', 'd', 'v', 'j', 'k', '?']) expect(page.body).toContain(`data-shortcut="${key}"`);
    expect(page.body).toMatch(/Confirm the \d+ pairs? scoring ≥ 90% as the same work/);

    // Skipping swaps in the next pair: a fragment of the same region, not a page.
    const next = await reviewer.get(`${BASE}?at=1`, fragment);
    expect(next.body.startsWith('<div id="duplicates">')).toBe(true);
    expect(shownPair(next.body)).toBe(queue[1]!.id);
  });

  it('needs the CSRF token to decide', async () => {
    const [first] = await pending();
    const response = await reviewer.post(`${BASE}/pairs/${first!.id}`, { decision: 'same' }, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect((await pending())[0]!.id).toBe(first!.id);
  });

  it('lets any member decide: not duplicates, versions of one work, same work', async () => {
    const [first, second] = await pending();
    const before = (await pending()).length;
    await reviewer.get(BASE);
    const different = await reviewer.post(`${BASE}/pairs/${first!.id}`, { decision: 'different', at: '0' }, { headers: fragment });
    expect(different.statusCode).toBe(200);
    expect(different.body).toContain('Kept apart: not duplicates.');
    expect(different.body).toContain(`${before - 1} pair`);
    expect(shownPair(different.body)).toBe(second!.id);

    expect((await owner.post(`${BASE}/pairs/${second!.id}`, { decision: 'versions' })).statusCode).toBe(303);
    expect((await pending()).length).toBe(before - 2);
    const counter = await t.app.db.selectFrom('reviewCounter').select('value').where('name', '=', 'duplicates_pending').executeTakeFirstOrThrow();
    expect(counter.value).toBe(before - 2);

    // A person may change their mind: the pair kept apart becomes one work.
    const same = await reviewer.post(`${BASE}/pairs/${first!.id}`, { decision: 'same' }, { headers: fragment });
    expect(same.body).toContain('Merged as the same work.');
    const merged = (await pairs()).find((p) => p.id === first!.id)!;
    expect(merged.status).toBe('same');
    const records = await t.app.db.selectFrom('record').select(['id', 'duplicateOf']).where('id', 'in', [merged.recordA, merged.recordB]).execute();
    expect(records.filter((r) => r.duplicateOf !== null)).toHaveLength(1);

    const decisions = await audit('duplicates.decide');
    expect(decisions.map((d) => JSON.parse(d.afterJson!).status)).toEqual(['different', 'versions', 'same']);
  });

  it('shows versions as reports of one study, and lets a person count one as a study of its own', async () => {
    const versions = (await pairs()).find((p) => p.status === 'versions')!;
    const recordUrl = `/reviews/${SLUG}/records/${versions.recordA}`;
    const page = await reviewer.get(recordUrl);
    expect(page.body).toContain('One study, 1 other report');
    expect(page.body).toContain(`/reviews/${SLUG}/records/${versions.recordB}"`);
    expect((await reviewer.get(BASE)).body).toContain('Studies with several reports');

    const separated = await reviewer.post(`${BASE}/records/${versions.recordA}/separate`, {});
    expect(separated.statusCode).toBe(303);
    expect(separated.headers.location).toBe(recordUrl);
    const after = await reviewer.get(recordUrl);
    expect(after.body).toContain('Counted as a study of its own.');
    expect(after.body).not.toContain('One study,');
    expect((await pairs()).find((p) => p.id === versions.id)!.status).toBe('different');
    expect(await audit('duplicates.separate-report')).toHaveLength(1);

    // Asking again, or for a record that does not exist, changes nothing and answers calmly.
    const again = await reviewer.post(`${BASE}/records/${versions.recordA}/separate`, {});
    expect(again.statusCode).toBe(303);
    expect((await reviewer.get(recordUrl)).body).toContain('not grouped with other reports');
    expect((await reviewer.post(`${BASE}/records/99999999/separate`, {})).statusCode).toBe(404);
    expect((await reviewer.post(`${BASE}/records/abc/separate`, {})).statusCode).toBe(404);
  });

  it('explains calmly why a merged pair cannot be decided apart', async () => {
    const merged = (await pairs()).find((p) => p.status === 'same' && p.decidedBy !== null)!;
    const response = await reviewer.post(`${BASE}/pairs/${merged.id}`, { decision: 'different' }, { headers: fragment });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('undo the merge to separate them');
    expect(response.body).toContain('role="alert"');
  });

  it('confirms every pair above a score at once', async () => {
    const left = await pending();
    const page = await owner.get(`${BASE}?min=80`);
    expect(page.body).toContain(`Confirm the ${left.length} pair${left.length === 1 ? '' : 's'} scoring ≥ 80% as the same work`);
    const response = await owner.post(`${BASE}/confirm`, { min: '80' });
    expect(response.statusCode).toBe(303);
    expect(await pending()).toEqual([]);
    const after = await owner.get(BASE);
    expect(after.body).toContain(`Confirmed ${left.length} pair`);
    expect(after.body).toContain('No pairs to check');
  });

  it('undoes a merge and changes the primary of a group', async () => {
    const decided = (await pairs()).find((p) => p.status === 'same' && p.decidedBy !== null)!;
    await owner.get(BASE);
    expect((await owner.post(`${BASE}/merges/${decided.mergeId}/undo`)).statusCode).toBe(303);
    const page = await owner.get(BASE);
    expect(page.body).toContain('Merge undone');
    expect(page.body).not.toContain(`data-merge="${decided.mergeId}"`);
    const records = await t.app.db.selectFrom('record').select('duplicateOf').where('id', 'in', [decided.recordA, decided.recordB]).execute();
    expect(records.every((r) => r.duplicateOf === null)).toBe(true);
    expect((await pairs()).find((p) => p.id === decided.id)!.status).toBe('different');
    expect(await audit('duplicates.undo')).toHaveLength(1);

    const duplicate = await t.app.db.selectFrom('record').select(['id', 'duplicateOf']).where('duplicateOf', 'is not', null).executeTakeFirstOrThrow();
    expect((await owner.post(`${BASE}/records/${duplicate.id}/primary`)).statusCode).toBe(303);
    const now = await t.app.db.selectFrom('record').select(['id', 'duplicateOf']).where('id', 'in', [duplicate.id, duplicate.duplicateOf!]).execute();
    expect(now.find((r) => r.id === duplicate.id)!.duplicateOf).toBeNull();
    expect(now.find((r) => r.id === duplicate.duplicateOf)!.duplicateOf).toBe(duplicate.id);

    // Undoing it twice is refused calmly.
    const again = await owner.post(`${BASE}/merges/${decided.mergeId}/undo`);
    expect(again.statusCode).toBeLessThan(500);
  });

  it('is a 404 for people outside the review', async () => {
    expect((await outsider.get(BASE)).statusCode).toBe(404);
    await outsider.get('/reviews');
    expect((await outsider.post(`${BASE}/detect`)).statusCode).toBe(404);
  });
});
