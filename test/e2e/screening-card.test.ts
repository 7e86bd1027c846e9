import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { CRITERIA, insertItems } from '../../src/reviews/ordered-items.js';
import { decide } from '../../src/screening/screening-service.js';
import { minimalPdf } from '../support/pdf-fixture.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { idle, press, shownRecord } from '../support/screening-keys.js';
import { createOwnerAccount, fillForm, screenshot, submitForm, useBrowser, VIEWPORT, type Person } from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const SLUG = 'coops';
const TA = `/reviews/${SLUG}/screening/title-abstract`;
const FT = `/reviews/${SLUG}/screening/full-text`;

// An abstract of the length reviewers meet (about 250 words), so the layout is tried with real text.
const ABSTRACT = [
  'Background: Social co-operatives in Italy employ people leaving prison alongside members without a conviction, and are often said to support desistance from crime.',
  'Methods: We followed 112 worker-members of 14 type-B social co-operatives in Lombardy and Emilia-Romagna for three years after release, combining administrative reconviction data with 46 life-story interviews and participant observation of members’ assemblies.',
  'Results: Reconviction within two years was 19% among worker-members and 38% in a matched comparison group released in the same years. Interviewees described three ways the co-operative mattered: a daily routine and an income; relationships of trust with colleagues and members who knew their past; and a voice in decisions, through assemblies, that several contrasted with their experience of supervision. Those who left the co-operative within six months did no better than the comparison group.',
  'Conclusions: Membership, not only employment, appears to carry the effect. We discuss what this means for commissioning employment support after prison in the United Kingdom and Sweden, where social enterprises rarely give former prisoners a share in governance, and set out a framework at individual, relational and systemic levels for comparing jurisdictions.',
].join('\n\n');

const CRITERIA_TEXTS = {
  inclusion: ['Adults with a criminal conviction, in custody or released', 'Employment in a social co-operative or work-integration social enterprise', 'Reports desistance, reoffending or reintegration outcomes', 'Any design, qualitative or quantitative'],
  exclusion: ['Juveniles only', 'Mainstream employment programmes without a co-operative element', 'Opinion pieces without data'],
};

/** The owner's review with six records and criteria; the screening page at `path`. */
async function setUp(page: Page, path = TA): Promise<{ reviewId: number; ids: number[] }> {
  await createOwnerAccount(page, OWNER);
  await fillForm(page, { Title: 'Social co-operatives and desistance from crime', 'Short name': SLUG });
  await submitForm(page, 'Create review');
  const db = browser().testApp.app.db;
  const reviewId = await reviewIdOf(db, SLUG);
  const { ids } = await insertSearch(db, reviewId, Array.from({ length: 6 }, (_, i) => ({
    title: `${['Working together', 'Membership matters', 'Trust at work', 'A voice in decisions', 'After release', 'Beyond employment'][i]}: social co-operatives and desistance from crime in Italy, study ${i + 1}`,
    authors: ['Bianchi, Laura', 'Rossi, Marco', 'McNeill, Fergus'],
    year: 2018 + i,
    journal: 'European Journal of Probation',
    abstract: ABSTRACT,
    keywords: ['desistance', 'social co-operatives', 'employment', 'Italy'],
  })));
  for (const list of CRITERIA.lists) await insertItems(db, CRITERIA, reviewId, list, CRITERIA_TEXTS[list]);
  await page.goto(path);
  await idle(page);
  return { reviewId, ids };
}

const decisions = () => browser().testApp.app.db.selectFrom('screeningDecision').select(['recordId', 'decision', 'note']).orderBy('recordId').execute();

/** Waits until a record other than `before` is on screen; returns it with the time it was seen. */
async function nextArrives(page: Page, before: number): Promise<{ record: number; at: number }> {
  await page.waitForFunction((id) => document.querySelector('[data-record]')?.getAttribute('data-record') !== String(id), before, { polling: 'raf' });
  return { record: await shownRecord(page), at: Date.now() };
}

/** The element lies wholly inside the viewport. */
async function inView(locator: Locator, viewport: { width: number; height: number }): Promise<void> {
  const box = await locator.boundingBox();
  expect(box, `${locator} is not shown`).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
}

describe('the screening card in the browser', () => {
  test('a fast double click and a double key press decide only the record on screen', { timeout: 60_000 }, async () => {
    const { page } = await browser().newUser();
    await setUp(page);
    const first = await shownRecord(page);
    const exclude = (await page.getByRole('button', { name: /^Exclude/ }).boundingBox())!;
    const [x, y] = [exclude.x + exclude.width / 2, exclude.y + exclude.height / 2];

    // Two clicks on the same spot ~150 ms apart: the second lands on the next record's Exclude.
    const clicked = Date.now();
    await page.mouse.click(x, y);
    const second = await nextArrives(page, first);
    await page.waitForTimeout(Math.max(0, clicked + 150 - Date.now()));
    await page.mouse.click(x, y);
    expect(Date.now() - second.at).toBeLessThan(400);
    await idle(page);
    expect(await shownRecord(page)).toBe(second.record);
    expect(await decisions()).toEqual([{ recordId: first, decision: 'exclude', note: '' }]);

    // The same with E pressed twice.
    await page.keyboard.press('e');
    const third = await nextArrives(page, second.record);
    await page.keyboard.press('e');
    expect(Date.now() - third.at).toBeLessThan(400);
    await idle(page);
    expect(await shownRecord(page)).toBe(third.record);
    expect((await decisions()).map((d) => d.recordId)).toEqual([first, second.record]);
    // Nothing was refused by the server: the browser held the second press back.
    expect(await page.locator('#screen .alert-error').count()).toBe(0);

    // Once the record has been on screen a moment, a click decides it.
    await page.mouse.click(x, y);
    await nextArrives(page, third.record);
    expect((await decisions()).map((d) => d.recordId)).toEqual([first, second.record, third.record]);
    await browser().expectNoProblems();
  });

  test('a note typed on a card survives a skip and comes back with its record; ← goes to the skipped record', { timeout: 60_000 }, async () => {
    const { page, dialogs } = await browser().newUser();
    await setUp(page);
    const noted = await shownRecord(page);
    await press(page, 'n');
    await page.keyboard.type('Population: adults on licence; check the comparison group');
    await page.keyboard.press('Escape');

    await press(page, 'ArrowRight');
    await expect.poll(() => shownRecord(page)).not.toBe(noted);
    await idle(page);
    expect(await page.locator('#f-note').inputValue()).toBe('');

    // ← goes back to the record skipped (not to a decided one), with the note as it was typed.
    await press(page, 'ArrowLeft');
    await expect.poll(() => shownRecord(page)).toBe(noted);
    await idle(page);
    expect(await page.locator('#f-note').inputValue()).toBe('Population: adults on licence; check the comparison group');

    // Leaving the page with it asks first (a draft outlives a skip, not the tab); staying keeps it.
    await page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name: 'Records', exact: true }).click();
    await expect.poll(() => dialogs.map((d) => d.type)).toContain('beforeunload');
    expect(new URL(page.url()).pathname).toBe(TA);
    expect(await page.locator('#f-note').inputValue()).toBe('Population: adults on licence; check the comparison group');
    // The decision saves it, and the draft is gone once saved.
    await press(page, 'i');
    await expect.poll(() => shownRecord(page)).not.toBe(noted);
    expect(await decisions()).toEqual([{ recordId: noted, decision: 'include', note: 'Population: adults on licence; check the comparison group' }]);
    await page.goto(`${TA}?record=${noted}`);
    await idle(page);
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('coreview:draft:')))).toEqual([]);
    await browser().expectNoProblems();
  });

  test('at 1366×768 title, abstract, decision keys and criteria are in view side by side; ? shows the keys; closed criteria stay closed', { timeout: 60_000 }, async () => {
    const { page } = await browser().newUser();
    await setUp(page);
    const criteria = page.locator('.screen-criteria');
    const abstract = page.locator('.screen-abstract p').first();
    for (const locator of [page.locator('.screen-title'), abstract, criteria.locator('li').first(), criteria.locator('li').last(), ...['Include', 'Maybe', 'Exclude'].map((n) => page.getByRole('button', { name: new RegExp(`^${n}`) }))]) {
      await inView(locator, VIEWPORT);
    }
    // Beside the abstract, not under it.
    const [criteriaBox, abstractBox] = [(await criteria.boundingBox())!, (await abstract.boundingBox())!];
    expect(criteriaBox.y).toBeLessThan(abstractBox.y + abstractBox.height);
    expect(criteriaBox.x + criteriaBox.width <= abstractBox.x || criteriaBox.x >= abstractBox.x + abstractBox.width).toBe(true);
    await screenshot(page, 'screening-1366x768');

    await press(page, '?');
    await inView(page.locator('.shortcut-help dl'), VIEWPORT);
    await screenshot(page, 'screening-1366x768-keys');
    await press(page, '?');
    await expect.poll(() => page.locator('.shortcut-help dl').isVisible()).toBe(false);

    // Closing the criteria sticks: on the next record and after a reload.
    await criteria.locator('summary').click();
    await press(page, 'i');
    await idle(page);
    expect(await page.locator('.criteria').getAttribute('open')).toBeNull();
    await page.reload();
    await idle(page);
    expect(await page.locator('.criteria').getAttribute('open')).toBeNull();
    await criteria.locator('summary').click();
    await page.reload();
    expect(await page.locator('.criteria').getAttribute('open')).toBe('');

    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'screening-1920x1080');

    // On a phone the decision keys stay at the bottom while the abstract is read, and every review tab can be reached.
    const phone = { width: 390, height: 844 };
    await page.setViewportSize(phone);
    await screenshot(page, 'screening-390x844');
    await page.locator('.screen-abstract p').nth(2).scrollIntoViewIfNeeded();
    for (const name of ['Include', 'Maybe', 'Exclude']) await inView(page.getByRole('button', { name: new RegExp(`^${name}`) }), phone);
    for (const tab of await page.getByRole('navigation', { name: 'Review' }).getByRole('link').all()) {
      const box = (await tab.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(phone.width);
    }
    await browser().expectNoProblems();
  });

  test('full text: a click into the PDF shows that keys need a click outside it; "Not retrieved" moves on to the next record', { timeout: 90_000 }, async () => {
    const { page } = await browser().newUser();
    const { reviewId, ids } = await setUp(page);
    const db = browser().testApp.app.db;
    const ownerId = (await db.selectFrom('account').select('id').executeTakeFirstOrThrow()).id;
    for (const recordId of ids.slice(0, 3)) {
      await decide(db, { reviewId, actorId: ownerId }, { recordId, stage: 'title_abstract', decision: 'include', reasonId: null, note: '', labels: [] });
    }
    await page.goto(FT);
    await idle(page);
    const first = await shownRecord(page);
    const panel = page.locator(`#full-text-${first}`);
    await panel.getByLabel('Attach a PDF').setInputFiles({ name: 'Bianchi 2018.pdf', mimeType: 'application/pdf', buffer: Buffer.from(minimalPdf('Working together')) });
    await panel.getByRole('button', { name: 'Attach PDF' }).click();
    await expect.poll(() => page.locator(`#full-text-${first} [role="status"]`).textContent()).toBe('PDF attached.');
    // The hint about keys comes with a page that has a PDF to click into.
    await page.reload();
    await idle(page);
    const hint = page.locator('[data-frame-hint]');
    expect(await hint.isVisible()).toBe(false);
    // The hint follows the window losing focus to the frame, which only a window that has focus can
    // do: with several pages open in one browser (parallel tests), this one may not have it yet.
    await page.bringToFront();
    // A person clicks into the PDF once it shows: wait for the viewer to have loaded it.
    const viewer = await page.locator('iframe.full-text-viewer').elementHandle();
    await (await viewer!.contentFrame())!.waitForLoadState('load');
    await page.locator('iframe.full-text-viewer').click({ position: { x: 40, y: 40 } });
    await expect.poll(() => hint.isVisible()).toBe(true);
    await inView(hint, VIEWPORT);
    await screenshot(page, 'full-text-1366x768');
    await page.locator('.screen-title').click();
    await expect.poll(() => hint.isVisible()).toBe(false);
    for (const size of [{ width: 1920, height: 1080 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(size);
      await screenshot(page, `full-text-${size.width}x${size.height}`);
    }
    await page.setViewportSize(VIEWPORT);

    // "Not retrieved" finishes the report here: the next one follows, and PRISMA counts it.
    await page.locator(`#full-text-${first}`).getByRole('button', { name: 'Not retrieved' }).click();
    await expect.poll(() => shownRecord(page)).not.toBe(first);
    expect(await page.locator('#alerts [role="status"]').innerText()).toContain('Marked not retrieved');
    const item = await db.selectFrom('screeningItem').select('status').where('recordId', '=', first).where('stage', '=', 'full_text').executeTakeFirstOrThrow();
    expect(item.status).toBe('not_retrieved');
    await browser().expectNoProblems();
  });
});
