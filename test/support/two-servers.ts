import { FormClient } from '../bench/form-client.js';
import { expectStatus } from '../bench/sign-in.js';
import type { ServerProcess } from '../bench/server-process.js';

/**
 * One person's browser session used against several Coreview processes: one cookie jar, and
 * every request names the process it goes to (a proxy would choose; here the test does). The
 * processes share the session secret (it lives in the shared data dir), so cookies and CSRF
 * tokens made by one are good on the others.
 */
export class Browser {
  private readonly client = new FormClient('');

  get(server: ServerProcess, path: string, headers?: Record<string, string>) {
    return this.client.get(server.baseUrl + path, headers);
  }

  post(server: ServerProcess, path: string, fields: Record<string, string> = {}, headers?: Record<string, string>) {
    return this.client.post(server.baseUrl + path, fields, headers);
  }

  postFiles(server: ServerProcess, path: string, fields: Record<string, string>, files: { field: string; paths: readonly string[] }) {
    return this.client.postFiles(server.baseUrl + path, fields, files);
  }

  /** Shows the page `path` on `server`, for its CSRF token, and posts `fields` to it there; expects a 303. */
  async submit(server: ServerProcess, page: string, action: string, fields: Record<string, string>): Promise<string> {
    expectStatus(`GET ${page}`, (await this.get(server, page)).status, 200);
    const sent = await this.post(server, action, fields);
    expectStatus(`POST ${action} on port ${server.port}`, sent.status, 303, sent.body);
    return sent.location ?? '';
  }
}

const FRAGMENT = { 'hx-request': 'true', 'hx-request-type': 'partial' };

/** Polls an import's job fragment on `server` until it shows `wanted`; a failed or cancelled job fails at once. */
export async function waitForImport(browser: Browser, server: ServerProcess, jobUrl: string, wanted: 'ready' | 'committed', limitMs = 120_000): Promise<string> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const { status, body } = await browser.get(server, jobUrl, FRAGMENT);
    expectStatus(`GET ${jobUrl}`, status, 200, body);
    const state = /data-state="([a-z]+)"/.exec(body)?.[1];
    if (state === wanted) return body;
    if (state === 'failed' || state === 'cancelled') throw new Error(`import ${jobUrl} is ${state}: ${/role="alert">([^<]*)/.exec(body)?.[1] ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import ${jobUrl} not ${wanted} within ${limitMs / 1000} s`);
}
