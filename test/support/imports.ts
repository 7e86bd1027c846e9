import type { LightMyRequestResponse } from 'fastify';
import { fixtureFile } from './fixture-exports.js';
import type { Client } from './test-app.js';

export interface UploadFile {
  name: string;
  content: Uint8Array<ArrayBuffer> | string;
}

/** A synthetic export (test/fixtures/exports), uploaded under its own name. */
export const fixtureUpload = (name: string): UploadFile => ({ name, content: fixtureFile(name) });

/** Uploads through the real multipart form, as the browser does. */
export async function upload(client: Client, slug: string, files: UploadFile[], search: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  await client.get(`/reviews/${slug}/imports`);
  return client.postMultipart(
    `/reviews/${slug}/imports`,
    { _csrf: client.csrfToken, sourceType: 'database', sourceName: 'Scopus', searchedOn: '2026-11-01', query: 'desistance AND co-operative*', ...search },
    files.map((f) => ({ field: 'files', name: f.name, content: f.content })),
  );
}

/** Follows an import job's page until its worker is done (bounded), returning the last fragment. */
export async function waitForJob(client: Client, jobUrl: string, until: RegExp = /data-state="(ready|failed|committed|cancelled)"/): Promise<string> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const response = await client.get(jobUrl, { 'hx-request': 'true', 'hx-request-type': 'partial' });
    if (response.statusCode !== 200) throw new Error(`job page answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    if (until.test(response.body)) return response.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import job at ${jobUrl} did not finish`);
}

/** Upload, wait for the preview, commit, wait for the commit: the whole happy path. */
export async function importFiles(client: Client, slug: string, files: UploadFile[], search: Record<string, string> = {}): Promise<string> {
  const uploaded = await upload(client, slug, files, search);
  if (uploaded.statusCode !== 303) throw new Error(`upload answered ${uploaded.statusCode}: ${uploaded.body.slice(0, 500)}`);
  const jobUrl = uploaded.headers.location as string;
  await client.get(jobUrl);
  await waitForJob(client, jobUrl, /data-state="ready"/);
  const committed = await client.post(`${jobUrl}/commit`, {});
  if (committed.statusCode !== 303) throw new Error(`commit answered ${committed.statusCode}`);
  return waitForJob(client, jobUrl, /data-state="committed"/);
}
