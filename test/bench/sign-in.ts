import { FormClient } from './form-client.js';

/**
 * The first-run owner, then one review, through the real forms (`GET /setup` for the CSRF token and
 * cookie, `POST /setup`, `POST /reviews`), as a user would make them. Returns the signed-in client;
 * its `cookieHeader()` is what a load generator sends to act as the owner.
 */
export async function signInWithReview(baseUrl: string, review: { title: string; slug: string }): Promise<FormClient> {
  const client = new FormClient(baseUrl);
  expectStatus('GET /setup', (await client.get('/setup')).status, 200);
  const setup = await client.post('/setup', { name: 'Bench Owner', email: 'owner@bench.example', password: 'bench-password-1' });
  expectStatus('POST /setup', setup.status, 303, setup.body);
  expectStatus('GET /reviews/new', (await client.get('/reviews/new')).status, 200);
  const created = await client.post('/reviews', {
    title: review.title,
    slug: review.slug,
    question: 'What do social co-operatives contribute to reintegration after prison?',
    description: 'Benchmark review.',
  });
  expectStatus('POST /reviews', created.status, 303, created.body);
  if (created.location !== `/reviews/${review.slug}`) throw new Error(`POST /reviews redirected to ${created.location}`);
  // Also consumes the flash cookie, so later requests send exactly what a returning browser would.
  const page = await client.get(`/reviews/${review.slug}`);
  expectStatus(`GET /reviews/${review.slug}`, page.status, 200, page.body);
  if (!page.body.includes(review.title)) throw new Error('dashboard does not show the review title');
  return client;
}

/**
 * A member of the review `slug`, made as a team gets one: the owner adds the person on the People
 * page with a temporary password and invites them on the Team page; the person signs in, chooses
 * `password` as their own and accepts the invitation. Returns the person's signed-in client.
 */
export async function addReviewer(baseUrl: string, owner: FormClient, slug: string, person: { name: string; email: string; password: string }): Promise<FormClient> {
  const temporary = `temporary-${person.password}`;
  await owner.get('/people');
  expectStatus('POST /people', (await owner.post('/people', { name: person.name, email: person.email, password: temporary })).status, 303);
  await owner.get(`/reviews/${slug}/members`);
  expectStatus('POST members', (await owner.post(`/reviews/${slug}/members`, { email: person.email, role: 'reviewer' })).status, 303);
  const client = new FormClient(baseUrl);
  await client.get('/login');
  expectStatus('POST /login', (await client.post('/login', { email: person.email, password: temporary })).status, 303);
  await client.get('/account');
  expectStatus('POST /account/password', (await client.post('/account/password', { current: temporary, password: person.password })).status, 303);
  await client.get('/reviews');
  expectStatus('POST accept', (await client.post(`/invitations/${slug}/accept`, {})).status, 303);
  return client;
}

/** `email` signed in through the form on the server at `baseUrl` (a second process of the same Coreview, say). */
export async function signInAs(baseUrl: string, email: string, password: string): Promise<FormClient> {
  const client = new FormClient(baseUrl);
  await client.get('/login');
  expectStatus(`POST /login as ${email}`, (await client.post('/login', { email, password })).status, 303);
  await client.get('/reviews');
  return client;
}

export function expectStatus(what: string, status: number, wanted: number, body = ''): void {
  if (status !== wanted) throw new Error(`${what} answered ${status}, expected ${wanted}\n${body.slice(0, 500)}`);
}
