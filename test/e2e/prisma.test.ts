import { describe, expect, test } from 'vitest';
import { decide } from '../../src/screening/screening-service.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { createOwnerAccount, fillForm, screenshot, submitForm, useBrowser, type Person } from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const SLUG = 'coops';

describe('the PRISMA page in the browser', () => {
  test('draws the inline SVG diagram and saves the boxes without CSP violations', async () => {
    const { page } = await browser().newUser();
    await createOwnerAccount(page, OWNER);
    await fillForm(page, { Title: 'Co-operatives and desistance', 'Short name': SLUG });
    await submitForm(page, 'Create review');
    const db = browser().testApp.app.db;
    const reviewId = await reviewIdOf(db, SLUG);
    const ownerId = (await db.selectFrom('account').select('id').where('email', '=', OWNER.email).executeTakeFirstOrThrow()).id;
    const { ids } = await insertSearch(db, reviewId, [
      { title: 'Desistance through social co-operatives', doi: '10.1/a' },
      { title: 'Work and identity after prison', doi: '10.1/b', year: 2012 },
      { title: 'Hope and agency in probation', doi: '10.1/c', year: 2016 },
    ], { sourceName: 'Scopus <img src=x onerror=alert(1)>' });
    await includeStudies(db, { reviewId, actorId: ownerId }, [ids[0]!]);
    await decide(db, { reviewId, actorId: ownerId }, { recordId: ids[1]!, stage: 'title_abstract', decision: 'exclude', reasonId: null, note: '', labels: [] });

    await page.goto(`/reviews/${SLUG}/prisma`);
    const diagram = page.locator('figure.prisma-figure svg');
    await expect.poll(async () => (await diagram.boundingBox())?.width ?? 0).toBeGreaterThan(400);
    // Text is drawn (has a size), and the source name is text, not markup.
    const screened = diagram.locator('text', { hasText: 'Records screened (n = 3)' });
    expect((await screened.boundingBox())?.width ?? 0).toBeGreaterThan(50);
    expect(await diagram.locator('text', { hasText: 'onerror=alert(1)' }).count()).toBeGreaterThan(0);
    expect(await page.locator('figure.prisma-figure img').count()).toBe(0);
    await expect.poll(() => page.locator('.prisma-provisional').textContent()).toContain('1 record');
    await screenshot(page, 'prisma');

    await page.getByLabel('Records removed for other reasons').fill('2');
    await page.getByLabel('Records identified from databases but not imported').fill('2');
    await submitForm(page, 'Save the boxes');
    await expect.poll(() => page.locator('#alerts').textContent()).toContain('PRISMA boxes saved (2 changed).');
    expect(await page.locator('.prisma-checks h2').textContent()).toBe('The counts reconcile');
    expect(await diagram.locator('text', { hasText: 'Databases (n = 5)' }).count()).toBe(1);
    await browser().expectNoProblems();
  });
});
