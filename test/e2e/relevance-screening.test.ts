import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { BLIND_BATCH } from '../../src/ranker/rank-stage.js';
import { changeSettings } from '../../src/screening/settings-service.js';
import { signIn, useBrowser } from '../support/browser.js';
import { openInQueueOrder, sortKeys as sortKeysOf, waitUntilRanked } from '../support/ranked.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { byTopic, RELEVANCE_RECORDS } from '../support/relevance-records.js';
import { decideByKey, shownRecord } from '../support/screening-keys.js';
import { addPeople, createReview, setupOwner } from '../support/test-app.js';

const browser = useBrowser();

const SLUG = 'ranked';
const TA = `/reviews/${SLUG}/screening/title-abstract`;
const TOTAL = RELEVANCE_RECORDS.length;

/** C(n, k) as a float: exact for the small numbers here. */
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/**
 * Callaghan & Müller-Hansen's test worked by hand, apart from Coreview's code: for every run of the
 * last n screened records (k relevant among them), the chance of seeing at most k relevant in n
 * draws from an urn of those n and every unscreened record, if `missed` more relevant records were
 * in it; the p-value is the smallest over the runs. H0 "recall below 95%" means at least
 * ⌊r / 0.95⌋ + 1 − r relevant were missed.
 */
function handTest(labels: number[], total: number, missed: number): number {
  const unscreened = total - labels.length;
  let min = 1;
  let k = 0;
  for (let n = 1; n <= labels.length; n++) {
    k += labels[labels.length - n]!;
    const urn = unscreened + n;
    const relevantInUrn = k + missed;
    let p = 0;
    for (let i = 0; i <= k; i++) p += (choose(relevantInUrn, i) * choose(urn - relevantInUrn, n - i)) / choose(urn, n);
    if (relevantInUrn > urn) p = 0;
    min = Math.min(min, p);
  }
  return min;
}

describe('relevance order in the browser', () => {
  test('two blind reviewers: the order moves only when a record settles, and the owner reads a stopping estimate worked out by hand', { timeout: 180_000 }, async () => {
    const at = browser();
    const app = at.testApp.app;
    const owner = await setupOwner(app);
    await addPeople(app, owner, [['Ann Able', 'ann'], ['Ben Baker', 'ben']]);
    await createReview(owner, { title: 'Work after prison', slug: SLUG }, ['ann', 'ben']);
    const reviewId = await reviewIdOf(app.db, SLUG);
    const { onTopic } = byTopic((await insertSearch(app.db, reviewId, RELEVANCE_RECORDS)).ids);
    const ownerId = (await app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
    await changeSettings(app.db, { reviewId, actorId: ownerId }, 'title_abstract', { reviewersNeeded: 2, blind: true, recordOrder: 'relevance', orderSeed: 5, maybeAdvances: true, arbiterId: null });
    const ranked = () => waitUntilRanked(app.db, reviewId);
    const sortKeys = () => sortKeysOf(app.db, reviewId);
    await ranked();

    const screen = async (who: 'ann' | 'ben'): Promise<Page> => {
      const page = (await at.newUser()).page;
      await signIn(page, { email: `${who}@example.org`, password: `${who}-password-1` });
      await page.goto(TA);
      return page;
    };
    /** Decides the card on screen as the topic says; returns the record and whether it was included. */
    const decide = async (page: Page) => {
      const record = await shownRecord(page);
      const include = onTopic.includes(record);
      await decideByKey(page, include ? 'i' : 'e');
      return { record, include };
    };

    // Ann screens in the seeded order: a blind stage's model learns ten settled records at a time,
    // so she decides ten (going on until they hold an include and an exclude).
    const ann = await screen('ann');
    const annDecided: Array<{ record: number; include: boolean }> = [];
    while (annDecided.length < BLIND_BATCH || !(annDecided.some((d) => d.include) && annDecided.some((d) => !d.include))) annDecided.push(await decide(ann));
    expect(annDecided).toHaveLength(BLIND_BATCH);
    const seeded = await sortKeys();
    await ranked();
    expect(await sortKeys()).toEqual(seeded);
    const annLine = await ann.locator('.relevance-line').textContent();
    expect(annLine).toContain('learned from settled decisions');
    expect(annLine).not.toContain('so far');

    // Ben is offered the same records in the same order, and agrees; nothing moves until the last of them has settled.
    const ben = await screen('ben');
    for (const [n, mine] of annDecided.entries()) {
      expect(await shownRecord(ben)).toBe(mine.record);
      await decide(ben);
      await ranked();
      if (n < annDecided.length - 1) expect(await sortKeys()).toEqual(seeded);
    }
    expect(await sortKeys()).not.toEqual(seeded);
    const order = await openInQueueOrder(app.db, reviewId);
    const remainingOnTopic = onTopic.filter((id) => !annDecided.some((d) => d.record === id));
    expect(new Set(order.slice(0, remainingOnTopic.length))).toEqual(new Set(remainingOnTopic));

    // The owner sees the estimate; its figures equal the hand computation over the settled order (Ben's).
    const ownerPage = (await at.newUser()).page;
    await signIn(ownerPage, { email: 'owner@example.org', password: 'owner-password-1' });
    await ownerPage.goto(TA);
    await ownerPage.locator('details.relevance summary').click();
    const labels = annDecided.map((d) => (d.include ? 1 : 0));
    const relevant = labels.filter((l) => l === 1).length;
    const p = handTest(labels, TOTAL, Math.floor(relevant / 0.95 + 1) - relevant);
    let maxRemaining = 0;
    while (handTest(labels, TOTAL, maxRemaining + 1) >= 0.05) maxRemaining++;
    const details = ownerPage.locator('.relevance-details');
    await expect.poll(() => details.isVisible()).toBe(true);
    const text = (await details.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain(`${relevant} relevant found in ${labels.length} of ${TOTAL} records screened.`);
    expect(text).toContain(`(p = ${p.toFixed(3)}; the test needs p < 0.05)`);
    expect(text).toContain(`At most ${maxRemaining} relevant records remain among the ${TOTAL - labels.length} not yet screened (95%).`);
    expect(await ownerPage.locator('svg.found-curve').isVisible()).toBe(true);
    await at.expectNoProblems();
  });
});
