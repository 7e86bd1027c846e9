import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.js';

const OWNER = { name: 'Olive Owner', email: 'owner@example.org', password: 'owner-password-1' };

function setCookies(response: LightMyRequestResponse): string[] {
  const header = response.headers['set-cookie'];
  return header === undefined ? [] : [header].flat();
}

/** Every Set-Cookie header of a first run, a flash message, sign-out and sign-in: each cookie set and each one cleared. */
async function cookiesOfAVisit(t: TestApp): Promise<Map<string, string[]>> {
  const client = new Client(t.app);
  const responses = [
    await client.get('/setup'),
    await client.post('/setup', OWNER),
    await client.get('/reviews/new'),
    await client.post('/logout'),
    await client.get('/login'),
    await client.post('/login', { email: OWNER.email, password: OWNER.password }),
  ];
  const byName = new Map<string, string[]>();
  for (const header of responses.flatMap(setCookies)) {
    const name = header.slice(0, header.indexOf('='));
    byName.set(name, [...(byName.get(name) ?? []), header]);
  }
  return byName;
}

describe('cookie attributes', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  it('behind HTTPS, marks every cookie Secure, HttpOnly and SameSite=Lax, when set and when cleared', async () => {
    t = await createTestApp({ COREVIEW_SECURE_COOKIES: 'true' });
    const cookies = await cookiesOfAVisit(t);
    expect([...cookies.keys()].sort()).toEqual(['cv_csrf', 'cv_flash', 'cv_session']);
    for (const [name, headers] of cookies) {
      for (const header of headers) {
        expect(header, name).toMatch(/; Secure(;|$)/);
        expect(header, name).toMatch(/; HttpOnly(;|$)/);
        expect(header, name).toMatch(/; SameSite=Lax(;|$)/);
        expect(header, name).toMatch(/; Path=\/(;|$)/);
      }
    }
  });

  it('on a plain-HTTP install, leaves Secure off so that sign-in works on the LAN', async () => {
    t = await createTestApp();
    const cookies = await cookiesOfAVisit(t);
    for (const header of [...cookies.values()].flat()) expect(header).not.toMatch(/; Secure/);
  });
});
