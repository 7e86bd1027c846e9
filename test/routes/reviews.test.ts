import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpCounter, COUNTERS } from '../../src/reviews/stage-counters.js';
import { addMember, addPerson, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const XSS = '<script>alert(1)</script>';

/** CSRF tokens differ on every render; the rest of two pages can be compared byte for byte. */
const withoutTokens = (html: string) => html.replace(/(value="|&quot;x-csrf-token&quot;:&quot;)[\w-]{20,}/g, '$1');

describe('reviews', () => {
  let t: TestApp;
  let owner: Client;
  let reviewer: Client;
  let outsider: Client;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    reviewer = await addPerson(t.app, owner, { name: 'Rita Reviewer', email: 'rita@example.org', password: 'rita-password' });
    outsider = await addPerson(t.app, owner, { name: 'Otto Outsider', email: 'otto@example.org', password: 'otto-password' });
    await owner.get('/reviews/new');
    const created = await owner.post('/reviews', {
      title: `Social co-operatives ${XSS}`,
      slug: 'coops',
      question: 'What do social co-operatives contribute to desistance?',
      description: '',
    });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/reviews/coops');
    await addMember(owner, 'coops', reviewer, 'rita@example.org');
  });
  afterAll(async () => t.close());

  it('shows the stages as the spine of the dashboard, from counters, even when empty', async () => {
    const page = await owner.get('/reviews/coops');
    expect(page.statusCode).toBe(200);
    for (const stage of ['Import', 'Duplicates', 'Screening', 'Full text', 'Coding', 'Synthesis', 'PRISMA']) {
      expect(page.body).toMatch(new RegExp(`<h2>(<a [^>]+>)?${stage}(</a>)?</h2>`));
    }
    const reviewId = (await t.app.db.selectFrom('review').select('id').where('slug', '=', 'coops').executeTakeFirstOrThrow()).id;
    await bumpCounter(t.app.db, reviewId, COUNTERS.recordsImported, 1234);
    await bumpCounter(t.app.db, reviewId, COUNTERS.importBatches, 3);
    await bumpCounter(t.app.db, reviewId, COUNTERS.duplicatesMarked, 34);
    const after = await owner.get('/reviews/coops');
    expect(after.body).toMatch(/data-stage="import".*?<strong>1,234<\/strong>/s);
    expect(after.body).toContain('3 searches imported');
    expect(after.body).toContain('1,200 unique records');
  });

  it('renders a hostile title as text everywhere', async () => {
    for (const url of ['/reviews', '/reviews/coops', '/reviews/coops/protocol', '/reviews/coops/settings', '/reviews/coops/audit']) {
      const page = await owner.get(url);
      expect(page.body, url).not.toContain('<script>alert');
      expect(page.body, url).toContain('&lt;script>alert(1)&lt;/script>');
    }
  });

  it('answers 404 to a non-member on every review address, exactly as for a missing review', async () => {
    for (const url of ['/reviews/coops', '/reviews/coops/protocol', '/reviews/coops/members', '/reviews/coops/settings', '/reviews/coops/audit']) {
      const member = await outsider.get(url);
      const missing = await outsider.get(url.replace('coops', 'no-such-review'));
      expect(member.statusCode, url).toBe(404);
      expect(withoutTokens(member.body)).toBe(withoutTokens(missing.body));
    }
    await outsider.get('/reviews');
    const post = await outsider.post('/reviews/coops/criteria/inclusion', { text: 'sneaky' });
    expect(post.statusCode).toBe(404);
    expect((await outsider.get('/reviews')).body).not.toContain('Social co-operatives');
  });

  it('lets a reviewer read the protocol but not change it', async () => {
    const page = await reviewer.get('/reviews/coops/protocol');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Wrong population');
    expect(page.body).not.toContain('New inclusion criterion');
    expect((await reviewer.post('/reviews/coops/criteria/inclusion', { text: 'Adults' })).statusCode).toBe(403);
    expect((await reviewer.get('/reviews/coops/settings')).statusCode).toBe(403);
    expect((await reviewer.post('/reviews/coops/members', { email: 'otto@example.org', role: 'owner' })).statusCode).toBe(403);
  });

  it('refuses bad short names with a message and keeps the form', async () => {
    await owner.get('/reviews/new');
    for (const slug of ['Has Spaces', 'new', 'coops', '-dash', 'x'.repeat(41)]) {
      const response = await owner.post('/reviews', { title: 'Another', slug, question: '', description: '' });
      expect(response.statusCode, slug).toBe(422);
      expect(response.body).toContain('value="Another"');
    }
  });

  it('derives the short name from the title when left empty', async () => {
    await owner.get('/reviews/new');
    const response = await owner.post('/reviews', { title: 'Co-production of Justice (Ésprit)', slug: '', question: '', description: '' });
    expect(response.headers.location).toBe('/reviews/co-production-of-justice-esprit');
  });

  it('edits the details, keeps the history, and moves the URL with the short name', async () => {
    await owner.get('/reviews/new');
    await owner.post('/reviews', { title: 'Rename me', slug: 'rename-me', question: '', description: '' });
    await owner.get('/reviews/rename-me/settings');
    const saved = await owner.post('/reviews/rename-me/settings', { title: 'Renamed', slug: 'renamed', question: 'Q?', description: 'About' });
    expect(saved.headers.location).toBe('/reviews/renamed');
    expect((await owner.get('/reviews/rename-me')).statusCode).toBe(404);
    const audit = await owner.get('/reviews/renamed/audit');
    expect(audit.body).toContain('changed the review’s title, short name, question and description');
  });

  it('keeps at least one owner', async () => {
    const members = await owner.get('/reviews/coops/members');
    const ownerId = /\/members\/(\d+)\/role/.exec(members.body)![1];
    const response = await owner.post(`/reviews/coops/members/${ownerId}/role`, { role: 'reviewer' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('at least one owner');
  });
});
