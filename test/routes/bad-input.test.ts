import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

/**
 * Multipart bodies a browser would never send (hand-made clients, proxies that cut a request short)
 * get a 400 with a message on every upload form, store nothing and leave no temp file behind.
 */

const BOUNDARY = 'coreview-test-boundary';
const UNREADABLE = 'The upload did not arrive whole (it was cut short, or was not sent as a file upload form), so nothing was stored.';

/** A well-formed body: the CSRF field, then one file of `size` bytes in `field`. */
function multipartBody(csrf: string, field: string, fileName: string, size: number): string {
  return [
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`,
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    `${'TY  - JOUR\nTI  - A record\nER  - \n'.repeat(Math.ceil(size / 33)).slice(0, size)}\r\n`,
    `--${BOUNDARY}--\r\n`,
  ].join('');
}

function malformed(csrf: string, field: string, fileName: string): Array<[name: string, contentType: string, body: string]> {
  const whole = multipartBody(csrf, field, fileName, 200_000);
  const type = `multipart/form-data; boundary=${BOUNDARY}`;
  return [
    ['no boundary', 'multipart/form-data', whole],
    ['the wrong boundary', 'multipart/form-data; boundary=another-boundary', whole],
    ['a body cut short inside the file', type, whole.slice(0, 150_000)],
    ['a body cut short inside a part header', type, whole.slice(0, whole.indexOf('filename=') + 5)],
    ['garbage', type, 'this is not a multipart body at all \u0000\u0001\u0002'],
    ['a boundary longer than the standard allows', `multipart/form-data; boundary=${'b'.repeat(300)}`, whole],
  ];
}

/** Every file under the data dir except the database itself (its WAL and shared-memory files too). */
function storedFiles(dataDir: string): string[] {
  return readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('coreview.sqlite'))
    .map((entry) => relative(dataDir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('malformed multipart uploads', () => {
  let t: TestApp;
  let owner: Client;
  let reviewId: number;
  let recordId: number;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await createReview(owner, { title: 'Bad input', slug: 'bad' });
    reviewId = await reviewIdOf(t.app.db, 'bad');
    recordId = (await insertSearch(t.app.db, reviewId, [{ title: 'Desistance and work' }])).ids[0]!;
  });
  afterAll(async () => t.close());

  async function stored() {
    const count = async (table: 'importBatch' | 'fullText' | 'code') =>
      Number((await t.app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { batches: await count('importBatch'), fullTexts: await count('fullText'), codes: await count('code'), files: storedFiles(t.dataDir) };
  }

  const forms = [
    { form: 'the import form', url: () => '/reviews/bad/imports', page: '/reviews/bad/imports', field: 'files', fileName: 'scopus.ris' },
    { form: 'the full-text PDF form', url: () => `/reviews/bad/records/${recordId}/full-text`, page: '/reviews/bad/records', field: 'pdf', fileName: 'paper.pdf' },
    { form: 'the codebook import form', url: () => '/reviews/bad/coding/codebook/import', page: '/reviews/bad/coding/codebook', field: 'file', fileName: 'codebook.json' },
  ];

  for (const { form, url, page, field, fileName } of forms) {
    it(`${form}: 400 with a message, nothing stored, no temp file left`, async () => {
      await owner.get(page);
      const before = await stored();
      const cookie = ['cv_session', 'cv_csrf'].map((name) => `${name}=${owner.cookie(name)}`).join('; ');
      for (const [name, contentType, payload] of malformed(owner.csrfToken, field, fileName)) {
        for (const headers of [{}, { 'hx-request': 'true' }]) {
          const response = await t.app.inject({ method: 'POST', url: url(), payload, headers: { 'content-type': contentType, cookie, ...headers } });
          expect(response.statusCode, `${name}: ${response.body.slice(-400)}`).toBe(400);
          expect(response.body, name).toContain(UNREADABLE);
          expect(response.body, name).not.toMatch(/at .*\.(ts|js):\d+|busboy|Unexpected end/);
        }
      }
      expect(await stored()).toEqual(before);
    });
  }

  it('a well-formed upload still works after all of that', async () => {
    await owner.get('/reviews/bad/imports');
    const response = await owner.postMultipart('/reviews/bad/imports', { _csrf: owner.csrfToken, sourceType: 'database', sourceName: 'Scopus' }, [
      { field: 'files', name: 'scopus.ris', content: 'TY  - JOUR\nTI  - Desistance and social co-operatives\nER  - \n' },
    ]);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
  });
});
