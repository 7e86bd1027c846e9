import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { parseFile } from '../../src/imports/parse-file.js';
import { decide } from '../../src/screening/screening-service.js';
import { changeSettings } from '../../src/screening/settings-service.js';
import { fixtureUpload, importFiles } from '../support/imports.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'desistance';
const BASE = `/reviews/${SLUG}/exports`;
const SECRET = 'SECRET-NOTE-rita-only';

const reimport = (text: string) => parseFile(new TextEncoder().encode(text), 'export');
const download = (client: Client, query: string) => client.get(`${BASE}/download?${query}`);

describe('exports', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let sam: Client;
  let outsider: Client;
  let reviewId: number;
  let ids: number[];
  let ritaId: number;
  let samId: number;
  let ownerId: number;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ rita, sam, otto: outsider } = await addPeople(t.app, owner, [['Rita Reviewer', 'rita'], ['Sam Second', 'sam'], ['Otto Outsider', 'otto']]));
    await createReview(owner, { title: 'Desistance and co-operatives', slug: SLUG }, ['rita', 'sam']);
    reviewId = await reviewIdOf(t.app.db, SLUG);
    const accounts = await t.app.db.selectFrom('account').select(['id', 'email']).execute();
    const idOf = (email: string) => accounts.find((a) => a.email === email)!.id;
    [ritaId, samId] = [idOf('rita@example.org'), idOf('sam@example.org')];
    ownerId = idOf('owner@example.org');

    ({ ids } = await insertSearch(t.app.db, reviewId, [
      { title: 'Work, <i>desistance</i> & social co-operatives', authors: ['Maruna, Shadd', 'World Health Organization'], year: 2001, doi: '10.1000/one', pages: '1-20', volume: '48', keywords: ['desistance'] },
      { title: 'Prison labour <script>alert(1)</script> in Italy', authors: ['Rossi, Maria'], year: 2015, abstract: 'An abstract\n\nin two paragraphs.' },
      { title: 'Excluded at title and abstract', year: 2016 },
      { title: 'Still open in blind screening', year: 2017 },
      { title: '=HYPERLINK("http://evil.example") looks like a formula', year: 2018 },
    ].map((r) => ({ ...r, type: 'journal-article', csl: { type: 'article-journal' } }))));
    const ctx = (actorId: number) => ({ reviewId, actorId });
    const reason = (await t.app.db.selectFrom('exclusionReason').select('id').where('reviewId', '=', reviewId).where('list', '=', 'title_abstract').orderBy('position').executeTakeFirstOrThrow()).id;
    // Title/abstract is screened blind by two reviewers; full text by one, openly.
    await changeSettings(t.app.db, ctx(ownerId), 'title_abstract', { reviewersNeeded: 2, blind: true, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
    const ta = (who: number, recordId: number, decision: 'include' | 'exclude', note = '', labels: string[] = []) =>
      decide(t.app.db, ctx(who), { recordId, stage: 'title_abstract', decision, reasonId: decision === 'exclude' ? reason : null, note, labels });
    // Records 1 and 2 become included studies; record 3 is excluded at title/abstract (both reviewers agree).
    for (const id of [ids[0]!, ids[1]!]) {
      await ta(ritaId, id, 'include');
      await ta(samId, id, 'include');
    }
    await decide(t.app.db, ctx(ownerId), { recordId: ids[0]!, stage: 'full_text', decision: 'include', reasonId: null, note: 'Full-text note anyone may see', labels: ['realist'] });
    await decide(t.app.db, ctx(ownerId), { recordId: ids[1]!, stage: 'full_text', decision: 'include', reasonId: null, note: '', labels: [] });
    await ta(ritaId, ids[2]!, 'exclude', 'not about work', ['check later']);
    await ta(samId, ids[2]!, 'exclude');
    // Record 4 has Rita's decision only, of the two it needs.
    await ta(ritaId, ids[3]!, 'exclude', SECRET, ['rita-secret-label']);
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it('offers the export page, linked from the records list, with the included studies as a bibliography', async () => {
    expect((await owner.get(`/reviews/${SLUG}/records`)).body).toContain(`href="${BASE}"`);
    const page = await owner.get(BASE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="${BASE}/download"`);
    for (const format of ['ris', 'bibtex', 'csl-json', 'csv']) expect(page.body).toContain(`name="format" value="${format}"`);
    expect(page.body).toContain('2 included studies in APA 7th edition.');
    expect(page.body).toContain('<li>Maruna, S. &amp; World Health Organization. (2001). Work, <i>desistance</i> &amp; social co-operatives. <i>Probation Journal</i>, <i>48</i>, 1–20. https://doi.org/10.1000/one</li>');
    // A hostile title stays text.
    expect(page.body).toContain('Prison labour &lt;script>alert(1)&lt;/script> in Italy');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).toContain(`href="${BASE}/bibliography?style=apa&amp;format=txt"`);

    const harvard = await owner.get(`${BASE}?style=harvard`);
    expect(harvard.body).toContain('Maruna, S. and World Health Organization (2001) ‘Work, <i>desistance</i> &amp; social co-operatives’');
    expect(harvard.body).toContain(`href="${BASE}/bibliography?style=harvard&amp;format=html"`);
  }, 60_000);

  it('downloads each format as an attachment with its content type', async () => {
    const expected = [
      ['ris', 'application/x-research-info-systems; charset=utf-8', 'desistance-all.ris'],
      ['bibtex', 'application/x-bibtex; charset=utf-8', 'desistance-all.bib'],
      ['csl-json', 'application/vnd.citationstyles.csl+json; charset=utf-8', 'desistance-all.json'],
      ['csv', 'text/csv; charset=utf-8', 'desistance-all.csv'],
    ] as const;
    for (const [format, type, name] of expected) {
      const response = await download(owner, `set=all&format=${format}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['content-disposition']).toBe(`attachment; filename=${name}`);
      expect(response.headers['cache-control']).toBe('private, no-store');
      const back = reimport(response.body);
      expect([format, back.records.map((r) => r.reference.title)]).toEqual([
        format,
        ['Work, <i>desistance</i> &amp; social co-operatives'.replace('&amp;', '&'), 'Prison labour in Italy', 'Excluded at title and abstract', 'Still open in blind screening',
          format === 'csv' ? '\'=HYPERLINK("http://evil.example") looks like a formula' : '=HYPERLINK("http://evil.example") looks like a formula'],
      ]);
    }
  }, 60_000);

  it('exports the included, the excluded, a label and a code', async () => {
    const titles = async (query: string) => reimport((await download(owner, `${query}&format=ris`)).body).records.map((r) => r.reference.title);
    expect(await titles('set=included')).toEqual(['Work, <i>desistance</i> & social co-operatives', 'Prison labour in Italy']);
    expect(await titles('set=excluded')).toEqual(['Excluded at title and abstract']);
    expect(await titles('set=label:Check%20Later')).toEqual(['Excluded at title and abstract']);
    expect(await titles('set=label&label=check+later')).toEqual(['Excluded at title and abstract']);

    const now = new Date().toISOString();
    const code = await t.app.db.insertInto('code').values({ reviewId, parentId: null, name: 'Relational level', position: 0, createdAt: now }).returning('id').executeTakeFirstOrThrow();
    await t.app.db.insertInto('studyCode').values({ recordId: ids[1]!, codeId: code.id, reviewId, createdBy: null, createdAt: now }).execute();
    expect(await titles(`set=code:${code.id}`)).toEqual(['Prison labour in Italy']);
    expect(await titles(`set=code&code=${code.id}`)).toEqual(['Prison labour in Italy']);
    const ris = (await download(owner, `set=code:${code.id}&format=ris`)).body;
    expect(ris).toContain('N1  - Coreview: title/abstract include; full text include\r\n');
    expect(ris).toContain('N1  - Coreview codes: Relational level\r\n');
    const response = await download(owner, `set=code:${code.id}&format=csv`);
    expect(response.headers['content-disposition']).toBe(`attachment; filename=desistance-code-${code.id}.csv`);
    expect(response.body).toContain('"Relational level"');
  }, 60_000);

  it('carries the decisions a viewer may see, and never another reviewer’s on a record not yet complete', async () => {
    // Full text is not blind, but which records reached it is blind title and abstract's outcome: nothing of it for Sam.
    const samRis = (await download(sam, 'set=all&format=ris')).body;
    expect(samRis).not.toContain('Full-text note anyone may see');
    expect(samRis).not.toContain('full text');
    expect((await download(sam, 'set=included&format=ris')).body).toBe('');
    // Title/abstract is blind: Sam sees his own decisions there, no one else's and no outcome, even on complete records.
    expect(samRis).toContain('N1  - Coreview title/abstract decision by Sam Second: exclude');
    expect(samRis).not.toContain('not about work');
    expect((await download(sam, 'set=excluded&format=ris')).body).toBe('');
    expect((await sam.get(BASE)).body).toContain('Title and abstract screening is blind');
    // An owner sees both decisions on a complete record.
    const ownerCsv = (await download(owner, 'set=excluded&format=csv')).body;
    expect(ownerCsv).toMatch(/"Rita Reviewer: exclude \([^)]+\); labels: check later; note: not about work\nSam Second: exclude \([^)]+\)"/);
    expect(ownerCsv).toContain('"check later"');
    // Record 4 lacks one of the two decisions it needs: nobody but Rita sees hers, in any format or set.
    for (const client of [sam, owner]) {
      for (const format of ['ris', 'bibtex', 'csl-json', 'csv']) {
        for (const set of ['all', 'excluded', 'label:rita-secret-label']) {
          const body = (await download(client, `set=${encodeURIComponent(set)}&format=${format}`)).body;
          expect(body).not.toContain(SECRET);
          expect(body).not.toContain('rita-secret-label');
        }
      }
      expect((await client.get(BASE)).body).not.toContain('rita-secret-label');
    }
    expect((await download(rita, 'set=label:rita-secret-label&format=ris')).body).toContain(SECRET);
    // Once Sam decides, the record is complete: the owner sees Rita's note; Sam (not an owner) still does not.
    await decide(t.app.db, { reviewId, actorId: samId }, { recordId: ids[3]!, stage: 'title_abstract', decision: 'include', reasonId: null, note: '', labels: [] });
    expect((await download(owner, 'set=all&format=ris')).body).toContain(SECRET);
    expect((await download(sam, 'set=all&format=ris')).body).not.toContain(SECRET);
  }, 60_000);

  it('downloads the bibliography as text and as HTML', async () => {
    const text = await owner.get(`${BASE}/bibliography?style=apa&format=txt`);
    expect(text.statusCode).toBe(200);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.headers['content-disposition']).toBe('attachment; filename=desistance-included-apa.txt');
    expect(text.body).toBe(
      'Maruna, S. & World Health Organization. (2001). Work, desistance & social co-operatives. Probation Journal, 48, 1–20. https://doi.org/10.1000/one\n\n' +
        // Plain text: the title as it is (this fixture's title was never sanitised by an import).
        'Rossi, M. (2015). Prison labour <script>alert(1)</script> in Italy. Probation Journal.\n',
    );
    const html = await owner.get(`${BASE}/bibliography?style=harvard&format=html`);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-disposition']).toBe('attachment; filename=desistance-included-harvard.html');
    expect(html.body).toContain('<p class="csl-entry">Maruna, S. and World Health Organization (2001) ‘Work, <i>desistance</i> &amp; social co-operatives’');
    expect(html.body).toContain('Included studies of “Desistance and co-operatives”, 2 references, Harvard (Cite Them Right).');
    const excluded = await owner.get(`${BASE}/bibliography?style=apa&format=txt&set=excluded`);
    expect(excluded.body).toContain('Excluded at title and abstract');
  }, 60_000);

  it('answers hostile or malformed addresses with 400 or 404 and a message, never 500', async () => {
    const cases: Array<[string, number, string]> = [
      [`${BASE}/download?set=all&format=xls`, 400, 'Choose a format: ris, bibtex, csl-json or csv.'],
      [`${BASE}/download?set=all`, 400, 'Choose a format'],
      [`${BASE}/download?set=everything&format=ris`, 400, 'Choose the records to export'],
      [`${BASE}/download?set=label&format=ris`, 400, 'Name the label to export'],
      [`${BASE}/download?set=label:${'x'.repeat(300)}&format=ris`, 400, 'A label has at most 40 characters.'],
      [`${BASE}/download?set=code&code=abc&format=ris`, 400, 'Choose the records to export'],
      [`${BASE}/download?set=code:99999999999999999999&format=ris`, 400, 'Choose the records to export'],
      [`${BASE}/download?set=code:999999&format=ris`, 404, 'This review has no code 999999.'],
      [`${BASE}/download?set[]=all&format[x]=ris`, 400, 'Choose'],
      [`${BASE}/download?set=%00&format=%FF`, 400, 'Choose'],
      [`${BASE}/bibliography?style=chicago&format=txt`, 400, 'Choose a citation style: apa or harvard.'],
      [`${BASE}/bibliography?style=apa&format=pdf`, 400, 'Choose txt or html.'],
      [`${BASE}/bibliography?style=apa&set=code:1'--`, 400, 'Choose the records to export'],
    ];
    for (const [url, status, message] of cases) {
      const response = await owner.get(url);
      expect([url, response.statusCode]).toEqual([url, status]);
      expect(response.body).toContain(message);
    }
    // Repeated values: the first counts.
    expect((await download(owner, 'set=included&set=all&format=csv&format=ris')).headers['content-type']).toBe('text/csv; charset=utf-8');
    // A label nobody used is an empty export, not an error.
    expect((await download(owner, 'set=label:%3Cscript%3E&format=csl-json')).body).toBe('[\n]\n');
  }, 60_000);

  it('is a 404 for people who are not members, as every review page is', async () => {
    for (const url of [BASE, `${BASE}/download?set=all&format=ris`, `${BASE}/bibliography?style=apa&format=txt`]) {
      const response = await outsider.get(url);
      expect([url, response.statusCode]).toEqual([url, 404]);
      expect(response.body).not.toContain('Work, ');
    }
  }, 60_000);
});

/**
 * The must-show: vendor exports of every kind imported into review A through the upload form,
 * exported as RIS and as BibTeX, each imported into a new review, and compared field by field. The
 * one difference that is by design: BibTeX reads a single line break inside a paragraph as a space.
 */
describe('round trip: a review exported as RIS and BibTeX and imported into a new review gives the same records', () => {
  const FILES = [
    'ebsco-criminal-justice.ris',
    'lens.ris',
    'scopus.ris',
    'colrev-records.bib',
    'pubmed.txt',
    'wos.txt',
    'endnote.xml',
    'biblatex.bib',
    'jabref.bib',
    'empty-values.ris',
  ];
  const COLUMNS = [
    'title', 'authorsJson', 'firstAuthor', 'year', 'journal', 'volume', 'issue', 'pages', 'doi', 'pmid', 'abstract', 'keywordsJson',
    'type', 'url', 'language', 'issn', 'publisher',
  ] as const;
  let t: TestApp;
  let owner: Client;

  const records = (db: Kysely<Database>, slug: string, primaryOnly: boolean) =>
    db.selectFrom('record')
      .innerJoin('review', 'review.id', 'record.reviewId')
      .select(COLUMNS.map((c) => `record.${c}` as const))
      .select(['record.id', 'record.cslJson'])
      .where('review.slug', '=', slug)
      .$if(primaryOnly, (q) => q.where('record.duplicateOf', 'is', null))
      .orderBy('record.id')
      .execute();

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    for (const slug of ['source', 'from-ris', 'from-bibtex']) {
      await owner.get('/reviews/new');
      await owner.post('/reviews', { title: slug, slug, question: '', description: '' });
    }
    await importFiles(owner, 'source', FILES.map(fixtureUpload));
  }, 180_000);

  afterAll(async () => {
    await t.close();
  });

  it('imports the exports of review A into reviews B (RIS) and C (BibTeX), and they hold the same records', async () => {
    const db = t.app.db;
    const sourceId = await reviewIdOf(db, 'source');
    const original = await records(db, 'source', true);
    // 71 records imported (two without a title), 8 of them certain duplicates of others (test/fixtures/exports/README.md).
    expect(original).toHaveLength(63);
    // An edit (the exports carry the columns as edited, not the CSL item as imported) and screening extras.
    await db.updateTable('record').set({ title: 'An edited title with <i>markup</i> & an ampersand', keywordsJson: '["edited keyword"]' }).where('id', '=', original[0]!.id).execute();
    const ownerId = (await db.selectFrom('account').select('id').executeTakeFirstOrThrow()).id;
    await decide(db, { reviewId: sourceId, actorId: ownerId }, { recordId: original[1]!.id, stage: 'title_abstract', decision: 'include', reasonId: null, note: 'a note; with doi: 10.9999/not-a-doi', labels: ['qualitative', 'doi: 10.9999/x'] });
    const expected = await records(db, 'source', true);
    expect(expected[0]!.title).toBe('An edited title with <i>markup</i> & an ampersand');

    for (const [format, slug, name] of [['ris', 'from-ris', 'source.ris'], ['bibtex', 'from-bibtex', 'source.bib']] as const) {
      const response = await owner.get(`/reviews/source/exports/download?set=all&format=${format}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Coreview title/abstract decision by Olive Owner: include; labels: qualitative, doi: 10.9999/x');
      await importFiles(owner, slug, [{ name, content: response.body }]);
      const copy = await records(db, slug, false);
      expect(copy).toHaveLength(expected.length);
      copy.forEach((row, i) => {
        const before = expected[i]!;
        for (const column of COLUMNS) {
          const want = format === 'bibtex' && column === 'abstract' ? before.abstract.replace(/\n{2,}/g, '\u0000').replace(/\n/g, ' ').replace(/\u0000/g, '\n\n') : before[column];
          expect([format, i, column, row[column]]).toEqual([format, i, column, want]);
        }
      });
      // The record as imported (csl_json) is the export's, so the edit is in it; Coreview's notes stayed out of the keywords.
      expect(JSON.parse(copy[0]!.cslJson).title).toBe('An edited title with <i>markup</i> & an ampersand');
      expect(copy[1]!.keywordsJson).toBe(expected[1]!.keywordsJson);
    }
  }, 180_000);
});
