import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

/** CSRF tokens differ on every render; the rest of two pages can be compared byte for byte. */
const withoutTokens = (html: string) => html.replace(/(value="|&quot;x-csrf-token&quot;:&quot;)[\w-]{20,}/g, '$1');

/**
 * Nobody learns from Coreview whether an e-mail address has an account, or whether a review they
 * cannot see exists, and nobody is made a member of a review without accepting.
 */
describe('invitations and what a person can learn about others', () => {
  let t: TestApp;
  let olive: Client;
  let rita: Client;
  let sam: Client;

  beforeAll(async () => {
    t = await createTestApp();
    olive = await setupOwner(t.app);
    rita = await addPerson(t.app, olive, { name: 'Rita Reviewer', email: 'rita@example.org', password: 'rita-password-1' });
    sam = await addPerson(t.app, olive, { name: 'Sam Sleuth', email: 'sam@example.org', password: 'sam-password-1' });
    // Sam owns a review of their own; Olive's is hidden from Sam.
    await createReview(sam, { title: 'Sam’s review', slug: 'sams' });
    await createReview(olive, { title: 'A hidden review', slug: 'concealed' });
  });
  afterAll(() => t.close());

  const membersOf = async (slug: string) =>
    (await t.app.db.selectFrom('reviewMember').innerJoin('review', 'review.id', 'reviewMember.reviewId').innerJoin('account', 'account.id', 'reviewMember.accountId')
      .select('account.email').where('review.slug', '=', slug).orderBy('account.email').execute()).map((r) => r.email);

  it('answers an invitation the same whether or not the address has an account, and adds nobody', async () => {
    const answers = [];
    for (const email of ['rita@example.org', 'nobody@example.org']) {
      await sam.get('/reviews/sams/members');
      const invited = await sam.post('/reviews/sams/members', { email, role: 'reviewer' });
      expect(invited.statusCode, email).toBe(303);
      const page = await sam.get(invited.headers.location as string);
      expect(page.body).toContain('If this address has a Coreview account, they will see the invitation on their reviews page.');
      expect(page.body).toContain(email);
      answers.push(withoutTokens(page.body).replaceAll(email, 'EMAIL').replace(/<tr>\s*<td>(?:EMAIL|nobody@example\.org|rita@example\.org)<\/td>[\s\S]*?<\/tr>/g, ''));
    }
    expect(answers[0]).toBe(answers[1]);
    expect(await membersOf('sams')).toEqual(['sam@example.org']);
    // Not a member until she accepts: the review is as unknown to her as any other.
    expect((await rita.get('/reviews/sams')).statusCode).toBe(404);
  });

  it('lets the invited person accept or decline on their reviews page', async () => {
    const reviews = await rita.get('/reviews');
    expect(reviews.body).toContain('Sam’s review');
    expect(reviews.body).toContain('Sam Sleuth invites you as reviewer');
    expect((await rita.post('/invitations/sams/accept')).headers.location).toBe('/reviews/sams');
    expect(await membersOf('sams')).toEqual(['rita@example.org', 'sam@example.org']);
    expect((await rita.get('/reviews/sams')).statusCode).toBe(200);
    // Answered once: accepting again finds nothing.
    await rita.get('/reviews');
    expect((await rita.post('/invitations/sams/accept')).statusCode).toBe(404);

    await olive.get('/reviews/concealed/members');
    await olive.post('/reviews/concealed/members', { email: 'rita@example.org', role: 'owner' });
    await rita.get('/reviews');
    expect((await rita.post('/invitations/concealed/decline')).headers.location).toBe('/reviews');
    expect(await membersOf('concealed')).toEqual(['owner@example.org']);
    expect((await rita.get('/reviews')).body).not.toContain('A hidden review');
    const history = (await olive.get('/reviews/concealed/audit')).body.replace(/<[^>]+>/g, '');
    expect(history).toContain('Rita Reviewer declined the invitation to the team');
  });

  it('accepts only one’s own invitations, and no longer once withdrawn', async () => {
    await olive.get('/reviews/concealed/members');
    await olive.post('/reviews/concealed/members', { email: 'rita@example.org', role: 'reviewer' });
    // Sam is not invited: the crafted answer finds nothing, as for a review that does not exist.
    await sam.get('/reviews');
    const crafted = await sam.post('/invitations/concealed/accept');
    const missing = await sam.post('/invitations/no-such-review/accept');
    expect([crafted.statusCode, missing.statusCode]).toEqual([404, 404]);
    expect(withoutTokens(crafted.body)).toBe(withoutTokens(missing.body));

    const members = await olive.get('/reviews/concealed/members');
    const withdraw = /action="(\/reviews\/concealed\/members\/invitations\/\d+\/withdraw)"/.exec(members.body)![1]!;
    expect((await olive.post(withdraw)).statusCode).toBe(303);
    await rita.get('/reviews');
    expect((await rita.post('/invitations/concealed/accept')).statusCode).toBe(404);
    expect(await membersOf('concealed')).toEqual(['owner@example.org']);
    for (const bad of ['abc', '0', '99999']) expect((await olive.post(`/reviews/concealed/members/invitations/${bad}/withdraw`)).statusCode, bad).toBe(404);
    // Only owners invite and withdraw.
    await rita.get('/reviews/sams/members');
    expect((await rita.post('/reviews/sams/members', { email: 'otto@example.org', role: 'owner' })).statusCode).toBe(403);
  });

  it('says the same of a taken short name whether the review is one the person can see or not', async () => {
    await sam.get('/reviews/new');
    const hidden = await sam.post('/reviews', { title: 'Mine', slug: 'concealed', question: '', description: '' });
    const own = await sam.post('/reviews', { title: 'Mine', slug: 'sams', question: '', description: '' });
    expect([hidden.statusCode, own.statusCode]).toEqual([422, 422]);
    expect(hidden.body).toContain('The short name &quot;concealed&quot; is not available; &quot;concealed-2&quot; is free, or choose another.');
    expect(own.body).toContain('The short name &quot;sams&quot; is not available; &quot;sams-2&quot; is free, or choose another.');
    expect(hidden.body).not.toContain('Another review');
    // The same page apart from the names.
    const neutral = (html: string, slug: string) => withoutTokens(html).replaceAll(slug, 'SLUG').replace(/name="_once" value="[^"]+"/, '');
    expect(neutral(hidden.body, 'concealed')).toBe(neutral(own.body, 'sams'));
  });

  it('keeps the list of accounts, and review files that bring people, to the instance owner', async () => {
    expect((await sam.get('/people')).statusCode).toBe(403);
    const form = await sam.get('/reviews/new');
    expect(form.body).not.toContain('action="/reviews/new/import"');
    const imported = await sam.postMultipart('/reviews/new/import', { _csrf: sam.csrfToken }, [{ field: 'archive', name: 'r.zip', content: 'not a zip' }]);
    expect(imported.statusCode).toBe(403);
    expect((await olive.get('/reviews/new')).body).toContain('action="/reviews/new/import"');
  });
});
