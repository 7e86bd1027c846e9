import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { databaseEnvFor, dropDatabaseFor } from './test-database.js';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A real app in a fresh temporary data dir, on a real SQLite file there, or on a fresh PostgreSQL
 * database when the suite runs on PostgreSQL (test-database.ts).
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'coreview-test-'));
  const config = loadConfig({ COREVIEW_DATA_DIR: dataDir, COREVIEW_LOG_LEVEL: 'silent', ...(await databaseEnvFor(dataDir)), ...env });
  // COREVIEW_TEST_LOG=1 prints the server's errors, which the answers hide (a 500 says only that something failed).
  const app = await buildApp(config, { logger: process.env.COREVIEW_TEST_LOG === '1' ? { level: 'error' } : false });
  return {
    app,
    config,
    dataDir,
    close: async () => {
      await app.close();
      await dropDatabaseFor(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A browser-like client over app.inject(): keeps cookies, and reads the CSRF token from the last
 * page so forms can be posted the way a browser would.
 */
export class Client {
  private cookies = new Map<string, string>();
  csrfToken = '';

  constructor(readonly app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const expired = cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now());
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (token) this.csrfToken = token[1]!;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } });
    this.remember(response);
    return response;
  }

  /** Posts a urlencoded form; the CSRF token is added unless `csrf: false`. */
  async post(
    url: string,
    fields: Record<string, string> = {},
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(fields);
    if (options.csrf !== false) body.set('_csrf', this.csrfToken);
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...options.headers },
    });
    this.remember(response);
    return response;
  }

  /** Posts multipart/form-data built from fields and files. */
  async postMultipart(
    url: string,
    fields: Record<string, string>,
    files: Array<{ field: string; name: string; content: Uint8Array<ArrayBuffer> | string }> = [],
  ): Promise<LightMyRequestResponse> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) form.append(f.field, new Blob([f.content]), f.name);
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const payload = Buffer.from(await request.arrayBuffer());
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': request.headers.get('content-type')!, cookie: this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }
}

/**
 * First-run setup through the real form; returns the signed-in owner's client on the page it lands
 * on, as a browser would be, holding that page's CSRF token (tokens belong to a session).
 */
export async function setupOwner(app: FastifyInstance, who = { name: 'Olive Owner', email: 'owner@example.org', password: 'owner-password-1' }) {
  const client = new Client(app);
  await client.get('/setup');
  const response = await client.post('/setup', who);
  if (response.statusCode !== 303) throw new Error(`setup failed: ${response.statusCode} ${response.body.slice(0, 500)}`);
  await client.get(response.headers.location as string);
  return client;
}

/**
 * Signs in through the form and follows the redirects to the page it lands on, as setupOwner does
 * (someone with a temporary password lands on the page where they choose their own).
 */
export async function signIn(app: FastifyInstance, email: string, password: string): Promise<Client> {
  const client = new Client(app);
  await client.get('/login');
  let response = await client.post('/login', { email, password });
  if (response.statusCode !== 303) throw new Error(`sign-in failed: ${response.statusCode}`);
  for (let hops = 0; response.statusCode === 303 && hops < 5; hops++) response = await client.get(response.headers.location as string);
  return client;
}

/**
 * The owner adds a person on the People page with a temporary password; the person signs in and,
 * as they must before anything else, sets `password` as their own. Returns their signed-in client.
 */
export async function addPerson(app: FastifyInstance, owner: Client, person: { name: string; email: string; password: string }): Promise<Client> {
  const temporary = `temporary-${person.password}`;
  await owner.get('/people');
  const added = await owner.post('/people', { name: person.name, email: person.email, password: temporary });
  if (added.statusCode !== 303) throw new Error(`adding ${person.email} failed: ${added.statusCode} ${added.body.slice(0, 500)}`);
  const client = await signIn(app, person.email, temporary);
  const changed = await client.post('/account/password', { current: temporary, password: person.password });
  if (changed.statusCode !== 303) throw new Error(`${person.email} could not set their password: ${changed.statusCode}`);
  await client.get(changed.headers.location as string);
  return client;
}

/**
 * People the owner adds on the People page, by [name, handle]: e-mail `<handle>@example.org`,
 * password (their own, set at first sign-in) `<handle>-password-1`. Returns each one's signed-in client, by handle.
 */
export async function addPeople<H extends string>(app: FastifyInstance, owner: Client, people: ReadonlyArray<readonly [name: string, handle: H]>): Promise<Record<H, Client>> {
  const clients = {} as Record<H, Client>;
  for (const [name, handle] of people) clients[handle] = await addPerson(app, owner, { name, email: `${handle}@example.org`, password: `${handle}-password-1` });
  return clients;
}

/** The owner invites `email` on the review's Team page, and the person (signed in as `member`) accepts on their reviews page. */
export async function addMember(owner: Client, slug: string, member: Client, email: string, role: 'reviewer' | 'owner' = 'reviewer'): Promise<void> {
  await owner.get(`/reviews/${slug}/members`);
  const invited = await owner.post(`/reviews/${slug}/members`, { email, role });
  if (invited.statusCode !== 303) throw new Error(`inviting ${email} failed: ${invited.statusCode} ${invited.body.slice(0, 500)}`);
  await member.get('/reviews');
  const accepted = await member.post(`/invitations/${slug}/accept`);
  if (accepted.statusCode !== 303) throw new Error(`${email} could not accept the invitation to ${slug}: ${accepted.statusCode}`);
}

/**
 * A review made through the new-review form, with the given people (by handle, added by addPeople)
 * invited as reviewers on its Team page, each accepting.
 */
export async function createReview(owner: Client, review: { title: string; slug: string; codebookTemplate?: boolean }, reviewers: readonly string[] = []): Promise<void> {
  await owner.get('/reviews/new');
  const created = await owner.post('/reviews', { title: review.title, slug: review.slug, question: '', description: '', ...(review.codebookTemplate ? { codebookTemplate: '1' } : {}) });
  if (created.statusCode !== 303) throw new Error(`creating the review failed: ${created.statusCode} ${created.body.slice(0, 500)}`);
  for (const handle of reviewers) {
    const email = `${handle}@example.org`;
    await addMember(owner, review.slug, await signIn(owner.app, email, `${handle}-password-1`), email);
  }
}
