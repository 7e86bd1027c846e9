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

export function expectStatus(what: string, status: number, wanted: number, body = ''): void {
  if (status !== wanted) throw new Error(`${what} answered ${status}, expected ${wanted}\n${body.slice(0, 500)}`);
}
