import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

/**
 * Typo correction draws on the current review only: what one review's list says about a search
 * (corrected, suggested, or nothing) never depends on the words of another review.
 */
describe('typo correction: the vocabulary is the review’s own', () => {
  let t: TestApp;
  let owner: Client;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await createReview(owner, { title: 'Desistance', slug: 'mine' });
    await createReview(owner, { title: 'Someone else’s review', slug: 'theirs' });
    const db = t.app.db;
    await insertSearch(db, await reviewIdOf(db, 'mine'), [
      { title: 'Desistance and work', abstract: 'Desistance through employment.' },
      { title: 'Pathways of desistance', abstract: 'Desistance in later life.' },
    ]);
    // The other review holds a misspelling in several records, and a word "mine" never uses.
    await insertSearch(db, await reviewIdOf(db, 'theirs'), [
      { title: 'Desistence one', abstract: 'Reintegration after prison.' },
      { title: 'Desistence two', abstract: 'Reintegration and housing.' },
      { title: 'Desistence three', abstract: 'Reintegration and work.' },
    ]);
  });

  afterAll(() => t.close());

  it('corrects a word by this review’s records, whatever another review holds of it', async () => {
    // Counted across the instance, "desistence" was common (three records elsewhere), so it was left uncorrected here.
    const page = await owner.get('/reviews/mine/records?q=desistence');
    expect(page.body).toContain('Showing results for <strong>desistance</strong>');
  });

  it('never suggests a word only another review holds', async () => {
    const page = await owner.get('/reviews/mine/records?q=reintegraton');
    expect(page.body).toContain('No records match your search');
    expect(page.body).not.toMatch(/reintegration/i);
    // In its own review the same misspelling is corrected.
    const theirs = await owner.get('/reviews/theirs/records?q=reintegraton');
    expect(theirs.body).toContain('Showing results for <strong>reintegration</strong>');
  });
});
