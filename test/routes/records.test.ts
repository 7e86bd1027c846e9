import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addMember, addPerson, createTestApp, setupOwner, signIn, type Client, type TestApp } from '../support/test-app.js';

const fragment = { 'hx-request': 'true', 'hx-request-type': 'partial' };

/** Titles of the listed records, in page order (tags inside titles removed). */
function listedTitles(html: string): string[] {
  return [...html.matchAll(/<h2 class="record-row-title"><a href="[^"]+">(.*?)<\/a><\/h2>/gs)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
}

function recordLinks(html: string, slug: string): number[] {
  return [...html.matchAll(new RegExp(`<a href="/reviews/${slug}/records/(\\d+)">`, 'g'))].map((m) => Number(m[1]));
}

describe('records: list, search, filters, detail', () => {
  let t: TestApp;
  let owner: Client;
  let reviewer: Client;
  let outsider: Client;
  const ids: Record<string, number> = {};
  let wosBatch = 0;
  let otherReviewRecord = 0;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    await addPerson(t.app, owner, { name: 'Rita Reviewer', email: 'rita@example.org', password: 'rita-password' });
    await addPerson(t.app, owner, { name: 'Otto Outsider', email: 'otto@example.org', password: 'otto-password' });
    for (const [title, slug] of [['Desistance and co-operatives', 'desist'], ['Another review', 'other'], ['Fresh review', 'fresh']]) {
      await owner.get('/reviews/new');
      expect((await owner.post('/reviews', { title: title!, slug: slug!, question: '', description: '' })).statusCode).toBe(303);
    }
    reviewer = await signIn(t.app, 'rita@example.org', 'rita-password');
    await addMember(owner, 'desist', reviewer, 'rita@example.org');
    outsider = await signIn(t.app, 'otto@example.org', 'otto-password');

    const db = t.app.db;
    const desist = await reviewIdOf(db, 'desist');
    const scopus = await insertSearch(db, desist, [
      {
        title: 'Desistance from crime through social co-operatives',
        authors: ['Maruna, Shadd', 'Farrall, Stephen'],
        year: 2019,
        abstract: 'Work in a social co-operative supports people leaving prison.',
        doi: '10.1177/0264550519000001',
        pmid: '31234567',
        url: 'https://example.org/article',
        keywords: ['desistance', 'work integration'],
        volume: '66',
        issue: '2',
        pages: '120-135',
        language: 'English',
        issn: '0264-5505',
        publisher: 'SAGE',
        raw: 'TY  - JOUR\nTI  - Desistance from crime through social co-operatives\nAU  - Maruna, Shadd\nER  - ',
      },
      {
        title: 'Employment after prison',
        authors: ['Zed, Anna'],
        year: 2015,
        abstract: 'Among former prisoners, desistance was rare without stable employment.\n\nA second paragraph on wages.',
      },
      {
        title: 'Évaluation des coopératives sociales en Italie',
        authors: ['Rossi, Maria'],
        year: 2021,
        type: 'report',
        language: 'French',
        abstract: 'Une évaluation de la réinsertion par le travail.',
      },
      {
        title: '<script>alert(1)</script> hostile title',
        authors: ['<b>Evil</b>, Eve'],
        year: null,
        abstract: '<img src=x onerror=alert(2)> about desistance and recidivsm',
        url: 'javascript:alert(3)',
      },
      {
        title: 'Effects of CO<sub>2</sub> on <i>Homo sapiens</i> reintegration',
        authors: ['Bloggs, Joe'],
        year: 2010,
        type: 'chapter',
        abstract: '',
      },
    ]);
    const [titleMatch, abstractMatch, french, hostile, markup] = scopus.ids as [number, number, number, number, number];
    Object.assign(ids, { titleMatch, abstractMatch, french, hostile, markup });
    const fillers = Array.from({ length: 120 }, (_, i) => ({
      title: `Filler study ${String(i + 1).padStart(3, '0')} on co-production of justice`,
      authors: [`Author${String(i + 1).padStart(3, '0')}, A.`],
      year: 2000 + (i % 10),
      abstract: `Routine findings about recidivism and probation, number ${i + 1}.`,
    }));
    await insertSearch(db, desist, fillers, { sourceName: 'Criminal Justice Abstracts', fileName: 'cja.ris' });
    const wos = await insertSearch(
      db,
      desist,
      [
        { title: 'Web of Science only: peer mentoring', year: 2022, abstract: 'Mentoring by peers.' },
        { title: 'Web of Science only: restorative justice', year: 2023, abstract: 'Restorative meetings.' },
      ],
      { sourceName: 'Web of Science', sourceType: 'database', fileName: 'savedrecs.txt', format: 'wos' },
    );
    wosBatch = wos.batchId;
    const other = await insertSearch(db, await reviewIdOf(db, 'other'), [{ title: 'A record of another review', abstract: 'desistance' }]);
    otherReviewRecord = other.ids[0]!;
  });
  afterAll(async () => t.close());

  it('has a Records tab and lists records in import order, fifty a page, without counting past what it needs', async () => {
    const page = await owner.get('/reviews/desist/records');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/reviews/desist/records" aria-current="page">Records</a>');
    expect(page.body).toContain('127 records, in import order.');
    const titles = listedTitles(page.body);
    expect(titles).toHaveLength(50);
    expect(titles[0]).toBe('Desistance from crime through social co-operatives');
    expect(page.body).toContain('Page 1 of 3');
    expect(page.body).toContain('href="/reviews/desist/records?page=2"');

    const second = await owner.get('/reviews/desist/records?page=2');
    expect(second.body).toContain('<ol class="record-list" start="51">');
    expect(listedTitles(second.body)[0]).toBe('Filler study 046 on co-production of justice');
    const third = await owner.get('/reviews/desist/records?page=3');
    expect(listedTitles(third.body)).toHaveLength(27);
    expect(third.body).not.toContain('rel="next"');
    expect(third.body).toContain('href="/reviews/desist/records?page=2"');
  });

  it('answers an htmx search with the results fragment only, and a plain GET with the whole page', async () => {
    const partial = await owner.get('/reviews/desist/records?q=desistance', fragment);
    expect(partial.statusCode).toBe(200);
    expect(partial.body).toMatch(/^<div id="record-results"/);
    expect(partial.body).not.toContain('<html');
    expect(partial.headers.vary).toContain('HX-Request');
    const full = await owner.get('/reviews/desist/records?q=desistance');
    expect(full.body).toContain('<!doctype html>');
    expect(full.body).toContain('hx-get="/reviews/desist/records"');
    expect(full.body).toContain('hx-push-url="true"');
    expect(full.body).toMatch(/<form method="get" action="\/reviews\/desist\/records"/);
    expect(full.body).toContain('value="desistance"');
  });

  it('ranks a title match above an abstract match and highlights the words found', async () => {
    const page = await owner.get('/reviews/desist/records?q=desistance');
    const found = recordLinks(page.body, 'desist');
    expect(found[0]).toBe(ids.titleMatch);
    expect(found).toContain(ids.abstractMatch);
    expect(found.indexOf(ids.titleMatch!)).toBeLessThan(found.indexOf(ids.abstractMatch!));
    expect(found).not.toContain(otherReviewRecord);
    expect(page.body).toContain('best match first');
    expect(page.body).toContain('Among former prisoners, <mark>desistance</mark> was rare');
  });

  it('folds diacritics both ways', async () => {
    for (const q of ['evaluation', 'Évaluation', 'cooperatives', 'reinsertion']) {
      const page = await owner.get(`/reviews/desist/records?q=${encodeURIComponent(q)}`);
      expect(recordLinks(page.body, 'desist'), q).toEqual([ids.french]);
    }
    const page = await owner.get('/reviews/desist/records?q=reinsertion');
    expect(page.body).toContain('la <mark>réinsertion</mark> par');
  });

  it('finds a misspelled word through the corrected spelling, and can still search as typed', async () => {
    const page = await owner.get('/reviews/desist/records?q=desistence');
    expect(page.body).toContain('Showing results for <strong>desistance</strong>');
    expect(recordLinks(page.body, 'desist')[0]).toBe(ids.titleMatch);
    expect(page.body).toContain('href="/reviews/desist/records?q=desistence&amp;exact=1"');
    const exact = await owner.get('/reviews/desist/records?q=desistence&exact=1');
    expect(exact.body).not.toContain('Showing results for');
    expect(exact.body).toContain('No records match your search');
  });

  it('offers a far more common spelling when a rare one finds something', async () => {
    const page = await owner.get('/reviews/desist/records?q=recidivsm');
    expect(recordLinks(page.body, 'desist')).toEqual([ids.hostile]);
    expect(page.body).toContain('Did you mean <a href="/reviews/desist/records?q=recidivism">recidivism</a>?');
  });

  it('supports phrases, OR and leaving words out, from its own safe grammar', async () => {
    const phrase = await owner.get(`/reviews/desist/records?q=${encodeURIComponent('"social co-operative"')}`);
    expect(recordLinks(phrase.body, 'desist')).toEqual([ids.titleMatch]);
    const either = await owner.get(`/reviews/desist/records?q=${encodeURIComponent('mentoring OR restorative')}`);
    expect(recordLinks(either.body, 'desist').sort()).toEqual(
      recordLinks((await owner.get(`/reviews/desist/records?batch=${wosBatch}`)).body, 'desist').sort(),
    );
    const without = await owner.get(`/reviews/desist/records?q=${encodeURIComponent('desistance -prison -prisoners')}`);
    expect(recordLinks(without.body, 'desist')).toEqual([ids.hostile]);
  });

  it('filters by source, year range, type and abstract, and says when filters are on', async () => {
    const bySource = await owner.get(`/reviews/desist/records?batch=${wosBatch}`);
    expect(listedTitles(bySource.body)).toEqual(['Web of Science only: peer mentoring', 'Web of Science only: restorative justice']);
    expect(bySource.body).toContain('2 records (filtered), in import order.');
    expect(bySource.body).toMatch(/<option value="\d+" selected>Web of Science, 2025-03-12 · savedrecs.txt \(2\)<\/option>/);

    const years = await owner.get('/reviews/desist/records?q=desistance&from=2019&to=2021');
    expect(recordLinks(years.body, 'desist')).toEqual([ids.titleMatch]);
    const swapped = await owner.get('/reviews/desist/records?from=2023&to=2022');
    expect(listedTitles(swapped.body)).toHaveLength(2);

    const reports = await owner.get('/reviews/desist/records?type=report');
    expect(recordLinks(reports.body, 'desist')).toEqual([ids.french]);
    expect(reports.body).toContain('<option value="report" selected>Report</option>');

    const noAbstract = await owner.get('/reviews/desist/records?abstract=without');
    expect(recordLinks(noAbstract.body, 'desist')).toEqual([ids.markup]);
    expect(noAbstract.body).toContain('No abstract');
    const withAbstract = await owner.get('/reviews/desist/records?abstract=with&q=reintegration');
    expect(withAbstract.body).toContain('No records match your search');
    expect(withAbstract.body).toContain('(no filters)');
  });

  it('sorts by year, title and first author', async () => {
    const byYear = recordLinks((await owner.get(`/reviews/desist/records?sort=year&q=desistance`)).body, 'desist');
    expect(byYear).toEqual([ids.titleMatch, ids.abstractMatch, ids.hostile]);
    const byTitle = listedTitles((await owner.get(`/reviews/desist/records?sort=title&batch=${wosBatch}`)).body);
    expect(byTitle).toEqual([...byTitle].sort());
    const titles = listedTitles((await owner.get('/reviews/desist/records?sort=title')).body);
    // NOCASE orders by code point after folding ASCII case: "<" before letters, "É" after "W".
    expect(titles[0]).toBe('&lt;script>alert(1)&lt;/script> hostile title');
    expect(titles.slice(1, 4)).toEqual(['Desistance from crime through social co-operatives', 'Effects of CO2 on Homo sapiens reintegration', 'Employment after prison']);
    const byAuthor = recordLinks((await owner.get('/reviews/desist/records?sort=author&q=desistance')).body, 'desist');
    expect(byAuthor).toEqual([ids.hostile, ids.titleMatch, ids.abstractMatch]);
    const relevanceWithoutSearch = await owner.get('/reviews/desist/records?sort=relevance');
    expect(relevanceWithoutSearch.body).toContain('in import order');
  });

  it('takes hostile search text calmly: results or an empty state, never an error', async () => {
    const hostile = [
      '"', '""', '"desistance', 'desistance"', '*', 'desist*', '-', '--', '- -desistance', 'NEAR(', 'NEAR(desistance prison, 2)',
      'title:desistance', '^desistance', '(desistance', 'desistance)', 'AND', 'OR', 'NOT', 'desistance OR', 'OR desistance',
      'NOT desistance', '-desistance', "'; DROP TABLE record; --", "1' OR '1'='1", 'SELECT * FROM record', '{desistance}',
      '\u0000', '\uE000desistance\uE001', '💥 desistance', 'x'.repeat(5000), 'desistance '.repeat(300), '%', '\\', '&amp;', '<mark>',
    ];
    for (const q of hostile) {
      const page = await owner.get(`/reviews/desist/records?q=${encodeURIComponent(q)}`);
      expect(page.statusCode, q).toBe(200);
      expect(page.body, q).toContain('id="record-results"');
      const partial = await owner.get(`/reviews/desist/records?q=${encodeURIComponent(q)}`, fragment);
      expect(partial.statusCode, q).toBe(200);
    }
    expect((await owner.get('/reviews/desist/records?q=-desistance')).body).toContain('Nothing to look for');
    expect((await owner.get(`/reviews/desist/records?q=${encodeURIComponent('desistance '.repeat(300))}`)).body).toContain('only its first words were used');
    for (const query of ['page=abc', 'page=-1', 'page=99999999', 'from=abc&to=-5', 'sort=drop', 'batch=1%20OR%201', 'type=%27', 'abstract=maybe', 'q=a&q=b']) {
      expect((await owner.get(`/reviews/desist/records?${query}`)).statusCode, query).toBe(200);
    }
  });

  it('says what to do when a review has no records, and when nothing matches', async () => {
    const empty = await owner.get('/reviews/fresh/records');
    expect(empty.body).toContain('No records yet');
    expect(empty.body).toContain('href="/reviews/fresh/imports"');
    const none = await owner.get('/reviews/desist/records?q=zebra%20desistance');
    expect(none.body).toContain('No records match your search');
    expect(none.body).toContain('Search for zebra alone');
    expect(none.body).toContain('href="/reviews/desist/records?q=desistance"');
  });

  it('renders hostile titles, authors and abstracts as text, and the allowed title markup as markup', async () => {
    for (const url of ['/reviews/desist/records', '/reviews/desist/records?q=desistance', `/reviews/desist/records/${ids.hostile}`]) {
      const page = await owner.get(url);
      expect(page.body, url).not.toContain('<script>alert');
      expect(page.body, url).not.toContain('<img src=x');
      expect(page.body, url).not.toContain('<b>Evil');
    }
    const detail = await owner.get(`/reviews/desist/records/${ids.hostile}`);
    expect(detail.body).toContain('&lt;script>alert(1)&lt;/script> hostile title');
    expect(detail.body).toContain('&lt;img src=x onerror=alert(2)>');
    // Not an http(s) address: shown, never a link.
    expect(detail.body).not.toContain('href="javascript:');
    expect(detail.body).toContain('not a web link');
    const markup = await owner.get(`/reviews/desist/records/${ids.markup}`);
    expect(markup.body).toContain('Effects of CO<sub>2</sub> on <i>Homo sapiens</i> reintegration');
    expect(markup.body).toContain('<title>Effects of CO2 on Homo sapiens reintegration · Records · Coreview</title>');
    const list = await owner.get('/reviews/desist/records?q=sapiens');
    expect(list.body).toContain('<i>Homo sapiens</i>');
  });

  it('shows every field of a record, where it came from, and its raw text', async () => {
    const page = await reviewer.get(`/reviews/desist/records/${ids.titleMatch}`);
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toMatch(/<ol class="record-authors"><li>Maruna, Shadd<\/li><li>Farrall, Stephen<\/li><\/ol>/);
    for (const text of ['2019', 'Probation Journal', 'vol. 66, no. 2, pp. 120-135', 'English', '0264-5505', 'SAGE', 'Journal article', 'work integration']) {
      expect(body, text).toContain(text);
    }
    expect(body).toContain('href="https://doi.org/10.1177/0264550519000001"');
    expect(body).toContain('href="https://pubmed.ncbi.nlm.nih.gov/31234567/"');
    expect(body).toContain('href="https://example.org/article"');
    expect(body).toContain('Scopus');
    expect(body).toContain('2025-03-12');
    expect(body).toContain('TITLE-ABS-KEY(desistance AND &quot;social co-operative&quot;)');
    expect(body).toContain('scopus.ris');
    expect(body).toContain('Record 1, lines 1–9');
    expect(body).toContain('<pre class="record-raw">TY  - JOUR\nTI  - Desistance from crime through social co-operatives\nAU  - Maruna, Shadd\nER  - </pre>');
    const paragraphs = await owner.get(`/reviews/desist/records/${ids.abstractMatch}`);
    expect(paragraphs.body).toContain('<p>Among former prisoners, desistance was rare without stable employment.</p><p>A second paragraph on wages.</p>');
    const missing = await owner.get(`/reviews/desist/records/${ids.markup}`);
    expect(missing.body).toContain('This record has no abstract');
    expect(missing.body).toContain(`href="/reviews/desist/records/${ids.markup}/edit#f-abstract"`);
  });

  it('keeps records to their review: another review\'s record, a bad id, and non-members all get 404', async () => {
    expect((await owner.get(`/reviews/desist/records/${otherReviewRecord}`)).statusCode).toBe(404);
    expect((await owner.get(`/reviews/desist/records/${otherReviewRecord}/edit`)).statusCode).toBe(404);
    expect((await owner.get(`/reviews/other/records/${otherReviewRecord}`)).statusCode).toBe(200);
    for (const bad of ['0', '-1', 'abc', '1e3', '99999999', '9'.repeat(30)]) {
      expect((await owner.get(`/reviews/desist/records/${bad}`)).statusCode, bad).toBe(404);
    }
    for (const url of ['/reviews/desist/records', `/reviews/desist/records/${ids.titleMatch}`, `/reviews/desist/records/${ids.titleMatch}/edit`]) {
      const response = await outsider.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain('Desistance from crime');
    }
    await outsider.get('/reviews');
    const post = await outsider.post(`/reviews/desist/records/${ids.titleMatch}/edit`, { title: 'Taken over' });
    expect(post.statusCode).toBe(404);
    expect((await owner.get(`/reviews/desist/records/${ids.titleMatch}`)).body).not.toContain('Taken over');
  });
});
