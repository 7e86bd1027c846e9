import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { changeSettings } from '../../src/screening/settings-service.js';
import { normaliseAnswer, probedPages } from '../support/blind-probe.js';
import { BrowserTest, signIn, startServer, useBrowser } from '../support/browser.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { decideByKey, idle, press, shownRecord } from '../support/screening-keys.js';
import { addPeople, createReview, setupOwner } from '../support/test-app.js';

const browser = useBrowser();

const SLUG = 'blind';
const BASE = `/reviews/${SLUG}`;
const TA = `${BASE}/screening/title-abstract`;
/** Ben's keys on the first four records, in the run where Ben screens first. */
const BEN_KEYS = ['i', 'i', 'e', 'e'];
/** Ann's keys on all six: agreeing and disagreeing with Ben, and on records he left. */
const ANN_KEYS = ['i', 'e', 'i', 'e', 'i', 'e'];

/**
 * One run on its own server: a blind title/abstract stage with two reviewers per record; Ben screens
 * first when `benScreens`, then Ann screens with the keys, probes with U, and opens every page. Returns
 * everything Ann's browser was answered, in order.
 */
async function run(at: BrowserTest, benScreens: boolean): Promise<string[]> {
  const app = at.testApp.app;
  const owner = await setupOwner(app);
  await addPeople(app, owner, [['Ann Able', 'ann'], ['Ben Baker', 'ben']]);
  await createReview(owner, { title: 'Work after prison', slug: SLUG }, ['ann', 'ben']);
  const reviewId = await reviewIdOf(app.db, SLUG);
  const { ids: records } = await insertSearch(app.db, reviewId, Array.from({ length: 6 }, (_, i) => ({
    title: `Employment after prison: study ${i + 1}`,
    abstract: `Interviews with people leaving prison about work, number ${i + 1}.`,
    year: 2015 + i,
  })));
  const ownerId = (await app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
  await changeSettings(app.db, { reviewId, actorId: ownerId }, 'title_abstract', { reviewersNeeded: 2, blind: true, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
  const benId = (await app.db.selectFrom('account').select('id').where('email', '=', 'ben@example.org').executeTakeFirstOrThrow()).id;

  if (benScreens) {
    const ben = (await at.newUser()).page;
    await signIn(ben, { email: 'ben@example.org', password: 'ben-password-1' });
    await ben.goto(TA);
    for (const key of BEN_KEYS) await decideByKey(ben, key);
    await ben.goto(BASE);
  }

  const ann = (await at.newUser()).page;
  await signIn(ann, { email: 'ann@example.org', password: 'ann-password-1' });
  const answers = recordAnswers(ann, at.baseUrl);
  await ann.goto(TA);
  for (const [n, key] of ANN_KEYS.entries()) {
    expect(await shownRecord(ann)).toBe(records[n]);
    await decideByKey(ann, key);
    if (n === ANN_KEYS.length - 1) break;
    // Probing: U takes the decision back (the record comes back), and the same key decides it again.
    await press(ann, 'u');
    await expect.poll(() => shownRecord(ann)).toBe(records[n]);
    await idle(ann);
    await decideByKey(ann, key);
  }
  for (const path of probedPages(BASE, records, benId)) {
    // Downloads are fetched with the page's cookies; pages are opened.
    if (/\.(csv|svg)$|\/download\?|\/bibliography\?/.test(path)) answers.fetched.push(await fetchAnswer(ann, path));
    else await ann.goto(path);
  }
  // The records list filtered through its form, as a reviewer asks: only their own decisions are offered.
  await ann.goto(`${BASE}/records`);
  await ann.getByText('Filter and sort').click();
  await ann.getByLabel('Decision', { exact: true }).selectOption({ label: 'Include' });
  await expect.poll(() => ann.locator('.record-summary').textContent()).toContain('(filtered)');
  await idle(ann);
  return answers.all();
}

/** What the page was answered (documents and htmx requests, not assets or beacons), in the order asked. */
function recordAnswers(page: Page, baseUrl: string) {
  const pending: Array<Promise<string>> = [];
  const fetched: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!response.url().startsWith(baseUrl) || url.pathname.startsWith('/assets/') || url.pathname.endsWith('/release')) return;
    const request = response.request();
    pending.push(response.text().then(
      (body) => `${request.method()} ${url.pathname}${url.search} ${response.status()}\n${normaliseAnswer(body)}`,
      () => `${request.method()} ${url.pathname}${url.search} ${response.status()} (no body)`,
    ));
  });
  return { fetched, all: async () => [...(await Promise.all(pending)), ...fetched] };
}

async function fetchAnswer(page: Page, path: string): Promise<string> {
  const response = await page.context().request.get(path);
  return `GET ${path} ${response.status()}\n${normaliseAnswer(await response.text())}`;
}

describe('blind screening in the browser', () => {
  test('a blind reviewer is answered alike, page by page and key by key, whether or not the other reviewer has decided', { timeout: 240_000 }, async () => {
    const withBen = await run(browser(), true);
    const second = await startServer();
    const other = new BrowserTest(browser().browser, second.baseUrl, second.testApp);
    let withoutBen: string[];
    try {
      withoutBen = await run(other, false);
      await other.expectNoProblems();
    } finally {
      await other.close();
      await second.close();
    }
    const heads = (answers: string[]) => answers.map((a) => a.slice(0, a.indexOf('\n') === -1 ? undefined : a.indexOf('\n')));
    expect(heads(withBen)).toEqual(heads(withoutBen));
    // Every decision, undo and decision again was answered in place, and compared.
    expect(heads(withBen).filter((head) => /^POST .*\/(records\/\d+|undo) 200$/.test(head))).toHaveLength(ANN_KEYS.length * 3 - 2);
    for (const [n, answer] of withBen.entries()) expect(answer, heads(withBen)[n]).toBe(withoutBen[n]);
    // Underneath, the runs differed: Ben's decisions made two conflicts and sent a record on to full text.
    const counters = await browser().testApp.app.db.selectFrom('reviewCounter').select(['name', 'value']).where('name', 'in', ['ta_conflicts', 'ft_items']).execute();
    expect(Object.fromEntries(counters.map((c) => [c.name, c.value]))).toEqual({ ta_conflicts: 2, ft_items: 1 });
    await browser().expectNoProblems();
  });
});
