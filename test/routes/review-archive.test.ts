import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveWriter } from '../../src/archive/archive-writer.js';
import { newestKnownSchema } from '../../src/archive/schema-version.js';
import { comparablePage, readZip } from '../support/archive-fixtures.js';
import { teamReview, type TeamReview } from '../support/review-archive-fixture.js';
import { createTestApp, signIn, type Client, type TestApp } from '../support/test-app.js';

describe('the review file on the settings page', () => {
  let t: TestApp;
  let team: TeamReview;
  let rita: Client;
  let work: string;
  let archive: Buffer;

  const importForm = async (client: Client, fields: Record<string, string>, file?: { name: string; content: Uint8Array<ArrayBuffer> }) => {
    await client.get('/reviews/coops/settings');
    return client.postMultipart('/reviews/new/import', { _csrf: client.csrfToken, ...fields }, file ? [{ field: 'archive', ...file }] : []);
  };
  const slugs = async () => (await t.app.db.selectFrom('review').select('slug').orderBy('id').execute()).map((r) => r.slug);

  beforeAll(async () => {
    t = await createTestApp();
    team = await teamReview(t);
    rita = await signIn(t.app, 'rita@example.org', 'rita-password-1');
    work = mkdtempSync(join(tmpdir(), 'coreview-review-file-'));
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('offers owners a download and an import form; reviewers get neither', async () => {
    const page = await team.owner.get('/reviews/coops/settings');
    expect(page.body).toContain('href="/reviews/coops/settings/archive"');
    expect(page.body).toMatch(/<form method="post" action="\/reviews\/new\/import" enctype="multipart\/form-data">/);
    expect((await rita.get('/reviews/coops/settings')).statusCode).toBe(403);
    expect((await rita.get('/reviews/coops/settings/archive')).statusCode).toBe(403);
  });

  it('downloads the review as one zip archive', async () => {
    const response = await team.owner.get('/reviews/coops/settings/archive');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="?coops-\d{4}-\d{2}-\d{2}\.coreview\.zip"?$/);
    archive = response.rawPayload;
    writeFileSync(join(work, 'coops.zip'), archive);
    const manifest = JSON.parse((await readZip(join(work, 'coops.zip'))).get('manifest.json')!.toString('utf8'));
    expect(manifest.format).toBe('coreview-review');
  });

  it('imports the file as a new review the importer owns, with the same dashboard', async () => {
    const response = await importForm(team.owner, { slug: 'coops-copy' }, { name: 'coops.zip', content: new Uint8Array(archive) });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
    expect(response.headers.location).toBe('/reviews/coops-copy');
    const [original, copy] = [await team.owner.get('/reviews/coops'), await team.owner.get('/reviews/coops-copy')];
    expect(copy.statusCode).toBe(200);
    expect(comparablePage(copy.body).replace(/coops-copy/g, 'coops')).toBe(comparablePage(original.body));
    const owner = await t.app.db.selectFrom('reviewMember').innerJoin('review', 'review.id', 'reviewMember.reviewId').innerJoin('account', 'account.id', 'reviewMember.accountId')
      .select(['account.email', 'reviewMember.role']).where('review.slug', '=', 'coops-copy').orderBy('account.email').execute();
    expect(owner).toEqual([{ email: 'owner@example.org', role: 'owner' }, { email: 'rita@example.org', role: 'reviewer' }, { email: 'sam@example.org', role: 'reviewer' }]);
    // Without a short name, the next free one like the file's.
    const again = await importForm(team.owner, {}, { name: 'coops.zip', content: new Uint8Array(archive) });
    expect(again.headers.location).toBe('/reviews/coops-2');
  });

  it('answers a missing token, a wrong file or a taken name with a 4xx and a message, importing nothing', async () => {
    const before = await slugs();
    await team.owner.get('/reviews/coops/settings');
    const noToken = await team.owner.postMultipart('/reviews/new/import', {}, [{ field: 'archive', name: 'coops.zip', content: new Uint8Array(archive) }]);
    expect(noToken.statusCode).toBe(403);
    const notZip = await importForm(team.owner, {}, { name: 'notes.zip', content: new Uint8Array(Buffer.from('not a zip at all')) });
    expect(notZip.statusCode).toBe(400);
    expect(notZip.body).toContain('notes.zip is not a Coreview archive, or it is damaged or incomplete');
    // A backup's manifest (coreview backup writes one on SQLite; PostgreSQL is backed up with its own tools).
    const backup = join(work, 'backup.zip');
    const writer = await ArchiveWriter.create(backup);
    await writer.finish({ format: 'coreview-backup', schemaVersion: newestKnownSchema(), details: { missing: [] } });
    const wrongKind = await importForm(team.owner, {}, { name: 'backup.zip', content: new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(backup))) });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.body).toContain('backup.zip is a Coreview backup, not a Coreview review archive');
    const taken = await importForm(team.owner, { slug: 'coops' }, { name: 'coops.zip', content: new Uint8Array(archive) });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('The short name &quot;coops&quot; is not available');
    const none = await importForm(team.owner, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose a review file (.zip) to import.');
    expect(await slugs()).toEqual(before);
  }, 60_000);
});
