import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const fragment = { 'hx-request': 'true', 'hx-request-type': 'partial' };
const SLUG = 'coops';
const BASE = `/reviews/${SLUG}/duplicates`;
const TITLE = 'Social co-operatives and desistance from crime in northern Italy';
const AUTHORS = ['Weaver, Beth', 'Nicholson, Dave'];

describe('duplicates: what tells a pair apart, and merges by group', () => {
  let t: TestApp;
  let owner: Client;
  let article: number;
  let copy: number;
  let paper: number;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await createReview(owner, { title: 'Co-operatives', slug: SLUG });
    const reviewId = await reviewIdOf(t.app.db, SLUG);
    // The article twice (two databases), and the working paper it grew from.
    [article] = (await insertSearch(t.app.db, reviewId, [{ title: TITLE, authors: AUTHORS, year: 2016, doi: '10.1177/1466802516651234', journal: 'European Journal of Probation', publisher: 'SAGE' }])).ids as [number];
    [copy] = (await insertSearch(t.app.db, reviewId, [{ title: TITLE, authors: AUTHORS, year: 2016, doi: '10.1177/1466802516651234', journal: 'European Journal of Probation' }], { sourceName: 'Lens' })).ids as [number];
    [paper] = (await insertSearch(t.app.db, reviewId, [
      { title: TITLE, authors: AUTHORS, year: 2016, journal: '', type: 'report', publisher: 'Scottish Centre for Crime and Justice Research', csl: { type: 'report', note: 'Working paper no. 12' } },
    ], { sourceName: 'Google Scholar' })).ids as [number];
    await owner.get(BASE);
    expect((await owner.post(`${BASE}/detect`)).statusCode).toBe(303);
    for (let i = 0; i < 200 && /data-check-state="(queued|running)"/.test((await owner.get(BASE)).body); i++) await new Promise((r) => setTimeout(r, 100));
  }, 60_000);
  afterAll(async () => t.close());

  it('compares type, publisher and note, so a working paper and its article look different', async () => {
    const page = (await owner.get(BASE)).body;
    const row = (label: string) =>
      new RegExp(`<th scope="row">${label}(?:<span[^>]*>differs</span>)?</th><td>(.*?)</td><td>(.*?)</td>`).exec(page)?.slice(1).map((cell) => cell.replace(/<[^>]+>/g, '')).sort();
    expect(page).toContain(`data-pair=`);
    expect(row('Type')).toEqual(['Journal article', 'Report'].sort());
    expect(row('Publisher')).toEqual(['SAGE', 'Scottish Centre for Crime and Justice Research'].sort());
    expect(row('Note')).toEqual(['Working paper no. 12', '—'].sort());
    expect(page).toMatch(/<tr class="differs"><th scope="row">Type<span class="badge badge-warn">differs<\/span>/);
  });

  it('offers Undo beside "Merged", and lists a group made by two merges once', async () => {
    const pair = Number(/data-pair="(\d+)"/.exec((await owner.get(BASE)).body)![1]);
    const merged = await owner.post(`${BASE}/pairs/${pair}`, { decision: 'same', at: '0' }, { headers: fragment });
    expect(merged.statusCode).toBe(200);
    const notice = /<div class="alert alert-ok" role="status">(.*?)<\/div>/s.exec(merged.body)![1]!;
    expect(notice).toMatch(/^Merged as the same work\.<form method="post" action="\/reviews\/coops\/duplicates\/merges\/(\d+)\/undo"/);
    const undo = Number(/merges\/(\d+)\/undo/.exec(notice)![1]);

    const groups = [...merged.body.matchAll(/data-group="(\d+)"/g)].map((m) => Number(m[1]));
    expect(groups).toHaveLength(1);
    const merges = [...merged.body.matchAll(/data-merge="(\d+)"/g)].map((m) => Number(m[1]));
    expect(merges).toHaveLength(2);
    expect(merges).toContain(undo);
    for (const id of [article, copy, paper]) expect(merged.body).toContain(`/reviews/${SLUG}/records/${id}"`);

    // Undo beside the message takes back that merge alone: the article and its copy stay one group.
    expect((await owner.post(`${BASE}/merges/${undo}/undo`)).statusCode).toBe(303);
    const after = (await owner.get(BASE)).body;
    expect(after).toContain('Merge undone');
    expect([...after.matchAll(/data-merge="(\d+)"/g)]).toHaveLength(1);
    const linked = await t.app.db.selectFrom('record').select(['id', 'duplicateOf']).where('id', 'in', [article, copy, paper]).orderBy('id').execute();
    expect(linked.filter((r) => r.duplicateOf !== null)).toHaveLength(1);
    expect(linked.find((r) => r.id === paper)!.duplicateOf).toBeNull();
  });
});
