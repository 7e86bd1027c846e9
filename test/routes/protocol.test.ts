import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const fragment = { 'hx-request': 'true', 'hx-request-type': 'partial' };

function itemIds(html: string, kind: string): string[] {
  return [...new Set([...html.matchAll(new RegExp(`/${kind}/items/(\\d+)"`, 'g'))].map((m) => m[1]!))];
}

describe('protocol: criteria, highlight terms, exclusion reasons', () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await owner.get('/reviews/new');
    await owner.post('/reviews', { title: 'Desistance', slug: 'desist', question: '', description: '' });
    await owner.get('/reviews/desist/protocol');
  });
  afterAll(async () => t.close());

  it('seeds sensible exclusion reasons for both stages', async () => {
    const page = await owner.get('/reviews/desist/protocol');
    for (const reason of ['Wrong population', 'Wrong exposure / intervention', 'Wrong outcome', 'Wrong study design', 'Not empirical research', 'Language']) {
      expect(page.body).toContain(reason);
    }
    // A report nobody could obtain is marked "Not retrieved" (PRISMA counts it so), never excluded.
    const fullText = page.body.slice(page.body.indexOf('id="reasons-full_text"'));
    expect(fullText).not.toContain('Not retrievable');
    expect(page.body).toContain('A report nobody could obtain is not excluded: it is marked “Not retrieved” on its full-text page.');
  });

  it('refuses a reason that says the report could not be obtained, pointing to "Not retrieved"', async () => {
    for (const text of ['Not retrievable', 'Full text not available', 'could not obtain PDF']) {
      const response = await owner.post('/reviews/desist/reasons/full_text', { text }, { headers: fragment });
      expect(response.statusCode, text).toBe(422);
      expect(response.body).toContain('mark it with the “Not retrieved” button');
    }
    const page = await owner.get('/reviews/desist/protocol');
    const [firstReason] = itemIds(page.body.slice(page.body.indexOf('id="reasons-full_text"')), 'reasons');
    const renamed = await owner.post(`/reviews/desist/reasons/items/${firstReason}`, { text: 'Not retrieved', list: 'full_text' }, { headers: fragment });
    expect(renamed.statusCode).toBe(422);
    expect((await owner.post('/reviews/desist/reasons/full_text', { text: 'Not available in English' }, { headers: fragment })).statusCode).toBe(200);
  });

  it('adds criteria in order; htmx gets the section back, a plain form a redirect', async () => {
    const first = await owner.post('/reviews/desist/criteria/inclusion', { text: 'Adults with a conviction' }, { headers: fragment });
    expect(first.statusCode).toBe(200);
    expect(first.body).toMatch(/^<section id="criteria-inclusion"/);
    expect(first.headers.vary).toContain('HX-Request');
    const second = await owner.post('/reviews/desist/criteria/inclusion', { text: 'Social co-operative employment' });
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe('/reviews/desist/protocol#criteria-inclusion');
    const page = await owner.get('/reviews/desist/protocol');
    expect(page.body.indexOf('Adults with a conviction')).toBeLessThan(page.body.indexOf('Social co-operative employment'));
  });

  it('moves, renames and removes items, and records each change', async () => {
    await owner.post('/reviews/desist/criteria/exclusion', { text: 'Juveniles only' });
    await owner.post('/reviews/desist/criteria/exclusion', { text: 'Not about work' });
    let page = await owner.get('/reviews/desist/protocol');
    const exclusion = page.body.slice(page.body.indexOf('id="criteria-exclusion"'));
    const [juveniles, notWork] = itemIds(exclusion.slice(0, exclusion.indexOf('</section>')), 'criteria');
    await owner.post(`/reviews/desist/criteria/items/${notWork}/move`, { direction: 'up' });
    page = await owner.get('/reviews/desist/protocol');
    expect(page.body.indexOf('Not about work')).toBeLessThan(page.body.indexOf('Juveniles only'));

    const renamed = await owner.post(`/reviews/desist/criteria/items/${juveniles}`, { text: 'Under-18s only', list: 'exclusion' }, { headers: fragment });
    expect(renamed.body).toContain('Under-18s only');
    const removed = await owner.post(`/reviews/desist/criteria/items/${notWork}/remove`, {}, { headers: fragment });
    expect(removed.body).not.toContain('Not about work');

    const audit = await owner.get('/reviews/desist/audit');
    for (const sentence of ['added the exclusion criterion', 'moved the criterion', 'reworded the criterion “Juveniles only” as “Under-18s only”', 'removed the exclusion criterion “Not about work”']) expect(audit.body).toContain(sentence);
  });

  it('says what is wrong with an empty item, in place, and stores nothing', async () => {
    const response = await owner.post('/reviews/desist/reasons/title_abstract', { text: '   ' }, { headers: fragment });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Write something first');
    expect(response.body).toMatch(/^<section id="reasons-title_abstract"/);
  });

  it('answers 404 for unknown lists, kinds and items, and for items of another review', async () => {
    expect((await owner.post('/reviews/desist/criteria/sideways', { text: 'x' })).statusCode).toBe(404);
    expect((await owner.post('/reviews/desist/widgets/inclusion', { text: 'x' })).statusCode).toBe(404);
    expect((await owner.post('/reviews/desist/criteria/items/999999/remove')).statusCode).toBe(404);
    expect((await owner.post('/reviews/desist/criteria/items/abc/remove')).statusCode).toBe(404);
    await owner.get('/reviews/new');
    await owner.post('/reviews', { title: 'Other', slug: 'other', question: '', description: '' });
    const page = await owner.get('/reviews/desist/protocol');
    const [someId] = itemIds(page.body, 'reasons');
    expect((await owner.post(`/reviews/other/reasons/items/${someId}/remove`)).statusCode).toBe(404);
    expect((await owner.get('/reviews/desist/protocol')).body).toContain('Wrong population');
  });

  it('saves highlight terms one per line, refusing a term on both lists', async () => {
    const saved = await owner.post('/reviews/desist/terms', { include: 'desistance\nco-operative\nDesistance\n', exclude: 'animal, mice' }, { headers: fragment });
    expect(saved.statusCode).toBe(200);
    // Kept alphabetically, repeats (in any case) dropped.
    expect(saved.body).toContain('co-operative\ndesistance</textarea>');
    expect(saved.body).not.toContain('Desistance');
    const clash = await owner.post('/reviews/desist/terms', { include: 'prison', exclude: 'Prison' });
    expect(clash.statusCode).toBe(422);
    expect(clash.body).toContain('On both lists');
    const page = await owner.get('/reviews/desist/protocol');
    expect(page.body).toContain('animal\nmice');
  });
});
