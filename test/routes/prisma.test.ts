import { parse as parseDisposition } from 'content-disposition';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/screening/screening-service.js';
import { prismaData111, prismaData114 } from '../support/prisma-data-reader.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { addMember, addPerson, createTestApp, setupOwner, signIn, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'desistance';
const BASE = `/reviews/${SLUG}/prisma`;

describe('the PRISMA page and its downloads', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let outsider: Client;
  let reviewId: number;
  let ownerId: number;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    for (const [name, email] of [['Rita Reviewer', 'rita'], ['Otto Outsider', 'otto']]) {
      await addPerson(t.app, owner, { name: name!, email: `${email}@example.org`, password: `${email}-password-1` });
    }
    await owner.get('/reviews/new');
    await owner.post('/reviews', { title: 'Desistance & co-operatives', slug: SLUG, question: '', description: '' });
    rita = await signIn(t.app, 'rita@example.org', 'rita-password-1');
    await addMember(owner, SLUG, rita, 'rita@example.org');
    outsider = await signIn(t.app, 'otto@example.org', 'otto-password-1');
    reviewId = await reviewIdOf(t.app.db, SLUG);
    ownerId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;

    const { ids } = await insertSearch(t.app.db, reviewId, Array.from({ length: 4 }, (_, i) => ({ title: `Study ${i + 1} of desistance`, doi: `10.1/${i}`, year: 2001 + i * 3 })), {
      sourceType: 'database',
      sourceName: 'Scopus <script>alert(1)</script>',
    });
    await insertSearch(t.app.db, reviewId, [{ title: 'A charity report on hope', doi: '10.2/1', year: 2019 }], { sourceType: 'website', sourceName: 'Charity site' });
    const ctx = { reviewId, actorId: ownerId };
    await includeStudies(t.app.db, ctx, [ids[0]!, ids[1]!]);
    await decide(t.app.db, ctx, { recordId: ids[2]!, stage: 'title_abstract', decision: 'exclude', reasonId: null, note: '', labels: [] });
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('shows the diagram inline, the reconciliation, the counts and, while screening is unfinished, the warning', async () => {
    const page = await rita.get(BASE);
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* viewBox="0 0 \d+ \d+"/);
    expect(body).toContain('Records identified from:');
    expect(body).toContain('Databases (n = 4)');
    expect(body).toContain('Records screened (n = 4)');
    expect(body).toContain('Studies included in review (n = 2)');
    expect(body).toContain('Identification of studies via other methods');
    // The source name is user data: text, never markup.
    expect(body).not.toContain('<script>alert(1)');
    expect(body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(body).not.toMatch(/ style=/);
    expect(body).toContain('The counts reconcile');
    expect(body).toMatch(/✓<\/span> Records screened = records identified − records removed before screening <span class="muted">\(4 = 4 − 0 − 0 − 0\)/);
    expect(body).toContain('Provisional diagram.');
    expect(body).toMatch(/2 records<\/a> are still being screened/);
    expect(body).toContain(`href="${BASE}.svg"`);
    expect(body).toContain(`href="${BASE}.png"`);
    expect(body).toContain(`href="${BASE}.csv"`);
    expect(body).toContain(`href="${BASE}-1.1.1.csv"`);
    expect(body).toContain('aria-current="page">PRISMA</a>');
    // Reviewers see the typed boxes, but no form to change them.
    expect(body).not.toContain(`action="${BASE}/boxes"`);
    expect(body).toContain('None typed');
  });

  it('serves the SVG as a sandboxed download with its own restrictive policy', async () => {
    const svg = await rita.get(`${BASE}.svg`);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(svg.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox");
    expect(svg.headers['x-content-type-options']).toBe('nosniff');
    expect(parseDisposition(svg.headers['content-disposition'] as string)).toEqual({ type: 'attachment', parameters: { filename: 'desistance-prisma.svg' } });
    expect(XMLValidator.validate(svg.body)).toBe(true);
    expect(svg.body).toContain('<title id="prisma-title">PRISMA 2020 flow diagram: Desistance &amp; co-operatives</title>');
    expect(svg.body).toContain('Scopus &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg.body).not.toContain('<script');
  });

  it('serves the PNG and the PRISMA2020 CSV as downloads', async () => {
    const png = await rita.get(`${BASE}.png`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(parseDisposition(png.headers['content-disposition'] as string).parameters.filename).toBe('desistance-prisma.png');
    expect([...png.rawPayload.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const csv = await rita.get(`${BASE}.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['cache-control']).toBe('private, no-store');
    expect(parseDisposition(csv.headers['content-disposition'] as string).parameters.filename).toBe('desistance-prisma.csv');
    expect(csv.body.split('\r\n')[0]).toBe('data,node,box,description,boxtext,tooltips,url,n');
    expect(csv.body).toContain('\r\ndatabase_results,node7,box2,Records identified from: Databases,Databases,Records identified from: Databases and Registers,database_results.html,4\r\n');
    expect(csv.body).toContain('\r\nwebsite_results,node17,box11,Records identified from: Websites,Websites,"Records identified from: Websites, Organisations and Citation Searching",website_results.html,1\r\n');

    // Read as the PRISMA2020 package reads it: the current release this file, 1.1.1 its own.
    const boxes = { database_results: ['4'], website_results: ['1'], records_screened: ['4'], new_studies: ['2'], total_studies: ['2'] };
    expect(prismaData114(csv.body).fields).toMatchObject({ ...boxes, database_specific_results: { reason: ['Scopus <script>alert(1)</script>'], n: ['4'] }, total_studies_ma: [null] });
    const old = await rita.get(`${BASE}-1.1.1.csv`);
    expect(old.statusCode).toBe(200);
    expect(old.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(old.headers['cache-control']).toBe('private, no-store');
    expect(parseDisposition(old.headers['content-disposition'] as string).parameters.filename).toBe('desistance-prisma-1.1.1.csv');
    expect(prismaData111(old.body).fields).toMatchObject(boxes);
    expect(old.body).not.toContain('total_studies_ma');
  });

  it('lets only owners change the boxes, audited, and refuses bad values with 422', async () => {
    const fields = { database_not_imported: '3', excluded_automatic: '3', other_excluded_not_imported: '' };

    await rita.get(BASE);
    const refused = await rita.post(`${BASE}/boxes`, fields);
    expect(refused.statusCode).toBe(403);
    expect(await t.app.db.selectFrom('prismaBox').selectAll().execute()).toEqual([]);

    const page = await owner.get(BASE);
    expect(page.body).toContain(`action="${BASE}/boxes"`);
    const bad = await owner.post(`${BASE}/boxes`, { database_not_imported: '-2', excluded_other: '12.5', other_sought_not_imported: '1', other_notretrieved_not_imported: '2', other_excluded_not_imported: 'no number here' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Records identified from databases but not imported: a whole number from 0 to 10,000,000.');
    expect(bad.body).toContain('Records removed for other reasons: a whole number from 0 to 10,000,000.');
    expect(bad.body).toContain('Reports not retrieved (2) cannot be more than the reports sought (1).');
    expect(bad.body).toContain('Line 1 (“no number here”): write the reason, a comma, then the number of reports.');
    expect(bad.body).toContain('value="-2"'); // what was typed comes back
    expect(await t.app.db.selectFrom('prismaBox').selectAll().execute()).toEqual([]);

    const saved = await owner.post(`${BASE}/boxes`, { ...fields, other_sought_not_imported: '2', other_excluded_not_imported: 'Not in English, 1' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(BASE);
    const rows = await t.app.db.selectFrom('prismaBox').select(['box', 'value', 'updatedBy']).where('reviewId', '=', reviewId).orderBy('box').execute();
    expect(rows).toEqual([
      { box: 'database_not_imported', value: '3', updatedBy: ownerId },
      { box: 'excluded_automatic', value: '3', updatedBy: ownerId },
      { box: 'other_excluded_not_imported', value: '[{"reason":"Not in English","n":1}]', updatedBy: ownerId },
      { box: 'other_sought_not_imported', value: '2', updatedBy: ownerId },
    ]);
    const audit = await t.app.db.selectFrom('auditEvent').select(['action', 'beforeJson', 'afterJson']).where('action', '=', 'prisma.boxes').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.afterJson!)).toEqual({ database_not_imported: '3', excluded_automatic: '3', other_sought_not_imported: '2', other_excluded_not_imported: '[{"reason":"Not in English","n":1}]' });

    const after = await owner.get(BASE);
    expect(after.body).toContain('PRISMA boxes saved (4 changed).');
    expect(after.body).toContain('Databases (n = 7)');
    expect(after.body).toContain('automation tools (n = 3)</text>');
    expect(after.body).toContain('<th scope="row">Records marked as ineligible by automation tools</th><td class="prisma-n">3</td>');
    expect(after.body).toContain('The counts reconcile');
    expect(after.body).toContain('Not in English (n = 1)');
    expect((await rita.get(BASE)).body).toContain('Not in English, 1');
  });

  it('is a 404 for someone who is not a member, page and downloads alike', async () => {
    for (const path of [BASE, `${BASE}.svg`, `${BASE}.png`, `${BASE}.csv`]) {
      const response = await outsider.get(path);
      expect(response.statusCode, path).toBe(404);
      expect(response.body).not.toContain('Scopus');
    }
    await outsider.get('/reviews');
    expect((await outsider.post(`${BASE}/boxes`, { excluded_other: '1' })).statusCode).toBe(404);
  });
});
