import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';

const REQUEST_TIMEOUT_MS = 10_000;
// An upload of a large file is streamed to disk and hashed before the answer comes.
const UPLOAD_TIMEOUT_MS = 120_000;

/**
 * A browser-like client for the real server over fetch: keeps cookies, reads the CSRF token from the
 * last page, posts urlencoded forms and does not follow redirects (so 303s can be checked).
 */
export class FormClient {
  private readonly cookies = new Map<string, string>();
  private csrfToken = '';

  constructor(private readonly baseUrl: string) {}

  /** The Cookie header a load generator should send to act as this signed-in user. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** The CSRF token of the last page fetched, for a load generator posting as this user. */
  csrf(): string {
    return this.csrfToken;
  }

  /** `headers` adds to the cookie, e.g. the htmx headers that ask for a fragment. */
  async get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    const response = await fetch(this.baseUrl + path, {
      headers: { ...headers, cookie: this.cookieHeader() },
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return this.remember(response);
  }

  /** Posts a form with the CSRF token of the last page fetched; `headers` as for get(). */
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; location: string | null; body: string }> {
    const response = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
      body: new URLSearchParams({ ...fields, _csrf: this.csrfToken }).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { ...(await this.remember(response)), location: response.headers.get('location') };
  }

  /**
   * Posts a multipart form as a browser's file upload does: the CSRF token first, then `fields`, then
   * each file streamed from disk (`openAsBlob`), so a 150 MB upload never sits in this process's memory.
   */
  async postFiles(
    path: string,
    fields: Record<string, string>,
    files: { field: string; paths: readonly string[] },
  ): Promise<{ status: number; location: string | null; body: string }> {
    const form = new FormData();
    form.append('_csrf', this.csrfToken);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    for (const path of files.paths) form.append(files.field, await openAsBlob(path), basename(path));
    const response = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { cookie: this.cookieHeader() },
      body: form,
      redirect: 'manual',
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    return { ...(await this.remember(response)), location: response.headers.get('location') };
  }

  private async remember(response: Response): Promise<{ status: number; body: string }> {
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = setCookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a));
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const body = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrfToken = token;
    return { status: response.status, body };
  }
}
