import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

/** What the records page says about a search: the corrected search it ran, the one it offers, or nothing found. */
async function outcome(owner: Client, q: string): Promise<string> {
  const body = (await owner.get(`/reviews/d/records?q=${encodeURIComponent(q)}`)).body;
  const said = /Showing results for <strong>(.*?)<\/strong>|Did you mean <a[^>]*>(.*?)<\/a>|No records match/.exec(body);
  if (!said) return 'found as typed';
  return said[1] !== undefined ? `ran: ${said[1]}` : said[2] !== undefined ? `offered: ${said[2]}` : 'nothing';
}

describe('typo correction in searches of several words', () => {
  let t: TestApp;
  let owner: Client;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await createReview(owner, { title: 'Desistance', slug: 'd' });
    await insertSearch(t.app.db, await reviewIdOf(t.app.db, 'd'), [
      { title: 'Desistance from crime through social co-operatives', abstract: 'Employment in a social co-operative supports desistance.' },
      { title: 'Desistance and employment', abstract: 'Work and desistance.' },
      { title: 'Desistance narratives', abstract: 'Stories of desistance and identity.' },
      { title: 'Employment after prison', abstract: 'Employment programmes.' },
      // "narrative" is common, so the rare "narratives" above is offered a correction too.
      { title: 'A narrative study', abstract: 'A narrative of work.' },
      { title: 'Narrative criminology', abstract: 'Narrative.' },
      { title: 'Narrative identity', abstract: 'Narrative.' },
    ]);
  });
  afterAll(async () => t.close());

  it('corrects each misspelled word of the search, wherever it stands', async () => {
    expect(await outcome(owner, 'desistence employment')).toBe('ran: desistance employment');
    expect(await outcome(owner, 'employmnet desistance')).toBe('ran: employment desistance');
    expect(await outcome(owner, 'desistence employmnet')).toBe('ran: desistance employment');
    expect(await outcome(owner, 'desistence OR recidivism')).toBe('ran: desistance OR recidivism');
  });

  it('keeps a rare word typed right when correcting the misspelled one beside it', async () => {
    expect(await outcome(owner, 'desistance narratives')).toBe('found as typed');
    expect(await outcome(owner, 'desistence narratives')).toBe('ran: desistance narratives');
  });
});
