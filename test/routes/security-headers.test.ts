import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.js';

describe('security headers and cookies', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => t.close());

  it('sends a strict CSP that suits plain-HTTP LAN installs', async () => {
    const response = await new Client(t.app).get('/setup');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    // These would break a server reached as http://192.168.x.y:3000.
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sets session and CSRF cookies HttpOnly and SameSite', async () => {
    const client = new Client(t.app);
    const page = await client.get('/setup');
    const csrf = page.cookies.find((c) => c.name === 'cv_csrf');
    expect(csrf).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const created = await client.post('/setup', { name: 'Olive', email: 'olive@example.org', password: 'olive-password' });
    const session = created.cookies.find((c) => c.name === 'cv_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session?.secure).toBeFalsy();
  });

  it('serves htmx from node_modules, not a CDN', async () => {
    const response = await new Client(t.app).get('/assets/htmx.min.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('javascript');
    expect(response.body).toContain('htmx');
  });

  it('answers /favicon.ico with the icon, signed in or not', async () => {
    const response = await new Client(t.app).get('/favicon.ico');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml');
    expect(response.body).toContain('<svg');
  });

  it('refuses a form body over the limit with 413 and a message, storing nothing', async () => {
    const fresh = await createTestApp();
    const client = new Client(fresh.app);
    await client.get('/setup');
    const response = await client.post('/setup', { name: 'x'.repeat(2 * 1024 * 1024), email: 'a@b.cd', password: 'password-123' });
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('larger than allowed');
    expect((await client.get('/setup')).statusCode).toBe(200);
    await fresh.close();
  });
});
