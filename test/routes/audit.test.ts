import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/audit/audit-log.js';
import { formValues } from '../support/edit-form.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

/** The rows of the history table as text: "who what happened". */
const rows = (html: string) =>
  [...html.matchAll(/<tr[^>]*><td><time[^>]*>[^<]*<\/time><\/td><td>(.*?)<\/td><\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));

describe('history: sentences and filters', () => {
  let t: TestApp;
  let owner: Client;
  let ada: Client;
  let adaId: number;
  let reviewId: number;
  let edited: number;
  let decided: number;
  const history = '/reviews/coops/audit';

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ ada } = await addPeople(t.app, owner, [['Ada Lovelace', 'ada']]));
    await createReview(owner, { title: 'Social co-operatives', slug: 'coops' }, ['ada']);
    reviewId = await reviewIdOf(t.app.db, 'coops');
    adaId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'ada@example.org').executeTakeFirstOrThrow()).id;
    [edited, decided] = (await insertSearch(t.app.db, reviewId, [{ title: 'Work integration in Italy', abstract: '' }, { title: 'Prison labour', abstract: 'x' }])).ids as [number, number];

    await owner.get('/reviews/coops/protocol');
    await owner.post('/reviews/coops/criteria/inclusion', { text: 'Adults with a conviction' });
    const form = await ada.get(`/reviews/coops/records/${edited}/edit`);
    expect((await ada.post(`/reviews/coops/records/${edited}/edit`, { ...formValues(form.body), abstract: 'Cooperatives employ former prisoners.' })).statusCode).toBe(303);
    const reason = await t.app.db.selectFrom('exclusionReason').select(['id', 'text']).where('reviewId', '=', reviewId).where('list', '=', 'full_text').executeTakeFirstOrThrow();
    await recordAudit(t.app.db, { actorId: adaId, reviewId, action: 'screening.resolve', entity: 'record', entityId: decided, after: { stage: 'full_text', decision: 'exclude', reasonId: reason.id } });
    expect(reason.text).toBeTruthy();
  });
  afterAll(async () => t.close());

  it('writes each change as a sentence that names the person and links the record, without codes or JSON', async () => {
    const page = await owner.get(history);
    expect(page.statusCode).toBe(200);
    const reason = (await t.app.db.selectFrom('exclusionReason').select('text').where('reviewId', '=', reviewId).where('list', '=', 'full_text').executeTakeFirstOrThrow()).text;
    expect(rows(page.body)).toEqual(
      expect.arrayContaining([
        `Ada Lovelace excluded #${decided} at full text — ${reason}, the final decision on a conflict`,
        `Ada Lovelace edited #${edited}: abstract`,
        'Olive Owner added the inclusion criterion “Adults with a conviction”',
        'Olive Owner created the review “Social co-operatives”',
        'Olive Owner invited ada@example.org to the team as a reviewer',
        'Ada Lovelace accepted the invitation and joined the team as a reviewer',
      ]),
    );
    expect(page.body).toContain(`<a href="/reviews/coops/records/${edited}">#${edited}</a>`);
    expect(page.body.slice(page.body.indexOf('<main'))).not.toMatch(/record\.edit|screening\.resolve|criterion\.add|&quot;|\{"/);
  });

  it('narrows to one person, one kind of change, or one record, and shows the filters chosen', async () => {
    const byAda = await owner.get(`${history}?actor=${adaId}`);
    expect(rows(byAda.body)).toHaveLength(3);
    expect(rows(byAda.body).every((row) => row.startsWith('Ada Lovelace '))).toBe(true);
    expect(byAda.body).toContain(`<option value="${adaId}" selected>Ada Lovelace</option>`);

    const protocol = await owner.get(`${history}?kind=protocol`);
    expect(rows(protocol.body)).toEqual(['Olive Owner added the inclusion criterion “Adults with a conviction”']);
    expect(protocol.body).toContain('<option value="protocol" selected>Protocol</option>');

    const link = `${history}?record=${edited}`;
    expect((await owner.get(`/reviews/coops/records/${edited}`)).body).toContain(`<a href="${link}">Everything done to this record`);
    expect((await ada.get(`/reviews/coops/records/${edited}`)).body).not.toContain(link);
    expect(rows((await owner.get(link)).body)).toEqual([`Ada Lovelace edited #${edited}: abstract`]);
    const record = await owner.get(`${history}?record=%23${edited}`);
    expect(rows(record.body)).toEqual([`Ada Lovelace edited #${edited}: abstract`]);
    expect(record.body).toContain(`value="#${edited}"`);
    expect(record.body).toContain(`are in <a href="/reviews/coops/records/${edited}">its screening history</a>`);

    expect(rows((await owner.get(`${history}?actor=${adaId}&kind=protocol`)).body)).toEqual([]);
    expect((await owner.get(`${history}?actor=${adaId}&kind=protocol`)).body).toContain('Nothing recorded matches these filters.');
  });

  it('reads filters that make no sense as no filter, never as an error', async () => {
    const all = rows((await owner.get(history)).body);
    for (const query of ['actor=abc&kind=%3Cscript%3E&record=-1', 'actor=99999999999&record=1e3', 'kind=constructor&kind=toString&before=x', 'record[]=1']) {
      const page = await owner.get(`${history}?${query}`);
      expect(page.statusCode, query).toBe(200);
      expect(rows(page.body), query).toEqual(all);
    }
  });

  it('keeps the filters in the link to older entries', async () => {
    for (let i = 0; i < 105; i++) {
      await recordAudit(t.app.db, { actorId: adaId, reviewId, action: 'record.edit', entity: 'record', entityId: decided, before: { year: 2000 + i }, after: { year: 2001 + i } });
    }
    const first = await owner.get(`${history}?actor=${adaId}&record=${decided}`);
    expect(rows(first.body)).toHaveLength(100);
    const older = /<a href="([^"]+)">Older entries<\/a>/.exec(first.body)![1]!.replace(/&amp;/g, '&');
    expect(older).toMatch(new RegExp(`^${history}\\?actor=${adaId}&record=${decided}&before=\\d+$`));
    const rest = rows((await owner.get(older)).body);
    expect(rest).toEqual([...Array(5).fill(`Ada Lovelace edited #${decided}: year`), `Ada Lovelace excluded #${decided} at full text — ${rest.at(-1)!.split(' — ')[1]}`]);
    expect(rest.at(-1)).toMatch(/final decision on a conflict$/);
  });

  it('is the owners’ alone', async () => {
    expect((await ada.get(history)).statusCode).toBe(403);
  });
});
