import { parse as parseDisposition } from 'content-disposition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScreeningChoice } from '../../src/db/schema.js';
import { decide } from '../../src/screening/screening-service.js';
import { changeSettings, type SettingsChange } from '../../src/screening/settings-service.js';
import { BLIND_TITLE_ABSTRACT, blindResults } from '../../src/screening/visibility.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addMember, addPerson, createTestApp, setupOwner, signIn, type Client, type TestApp } from '../support/test-app.js';

const TA = 'title_abstract' as const;
type Cell = [a: ScreeningChoice, b: ScreeningChoice, records: number];

/*
 * Review "pairs", title/abstract, Adam Abbott (A, rows) against Zoë Zimmer (B, columns), 20 records:
 *
 *               Zoë include  Zoë exclude  total
 *   Adam include      6            2         8
 *   Adam exclude      1           11        12
 *   total             7           13        20
 *
 * p_o = (6 + 11) / 20 = 0.85
 * p_e = (8·7 + 12·13) / 20² = (56 + 156) / 400 = 0.53
 * kappa = (0.85 − 0.53) / (1 − 0.53) = 0.32 / 0.47 = 32/47 = 0.68085 → 0.681, "substantial" (0.61–0.80)
 * SE (Fleiss, Cohen & Everitt 1969), p = [[.30,.10],[.05,.55]], rows .40/.60, columns .35/.65, 1 − κ = 15/47:
 *   var = [.30(1 − .75·15/47)² + .55(1 − 1.25·15/47)² + (15/47)²(.10·(.35+.60)² + .05·(.65+.40)²)
 *          − (32/47 − .53·15/47)²] / (20·.47²) = 138330/4879681 = 0.028348; SE = 0.16837
 * 95% CI = 0.68085 ± 1.96·0.16837 = [0.35085, 1.01085] → 0.351 to 1.000 (clipped at 1)
 * PABAK on the three decisions a reviewer can choose: (3·0.85 − 1)/2 = 0.775
 * Gwet's AC1 (q = 3): π = (.375, 0, .625), p_e = 2·.375·.625/2 = 0.234375,
 *   AC1 = (0.85 − 0.234375)/0.765625 = 197/245 = 0.804, SE 0.1052 → CI 0.598 to 1.000
 */
const TWO_BY_TWO: Cell[] = [
  ['include', 'include', 6],
  ['include', 'exclude', 2],
  ['exclude', 'include', 1],
  ['exclude', 'exclude', 11],
];

/*
 * Review "maybes", title/abstract, "=cmd" (A, rows) against Olive Owner (B, columns), 20 records.
 * "=cmd" has the higher account id but sorts first by name, so the pair is turned over: this also
 * checks that the cells are transposed with the names (the table is not symmetric).
 *
 *                 Olive include  Olive maybe  Olive exclude  total
 *   =cmd include        5             1             0          6
 *   =cmd maybe          2             3             1          6
 *   =cmd exclude        0             1             7          8
 *   total               7             5             8         20
 *
 * p_o = (5 + 3 + 7) / 20 = 0.75
 * p_e = (6·7 + 6·5 + 8·8) / 400 = (42 + 30 + 64) / 400 = 0.34
 * kappa = (0.75 − 0.34) / 0.66 = 41/66 = 0.62121 → 0.621, "substantial"
 * FCE (1969) variance in exact fractions: 128875/6324912 = 0.020376; SE = 0.14274
 * 95% CI = 0.62121 ± 1.96·0.14274 = [0.34144, 0.90098] → 0.341 to 0.901
 * PABAK = (3·0.75 − 1)/2 = 0.625
 * AC1: π = (.325, .275, .40), p_e = (.219375 + .199375 + .24)/2 = .329375, AC1 = .420625/.670625 = 673/1073 = 0.627,
 *   SE 0.1464 → CI 0.340 to 0.914
 *
 * With maybe counted as include the table becomes [[11,1],[1,7]]: p_o = 0.9, p_e = (12·12 + 8·8)/400 = 0.52,
 * kappa = 0.38/0.48 = 19/24 = 0.792, FCE variance 12935/663552, SE 0.13962 → CI 0.518 to 1.000 (clipped);
 * PABAK = 2·0.9 − 1 = 0.800; AC1: π = (.6, .4), p_e = .48, AC1 = .42/.52 = 21/26 = 0.808, SE 0.1310 → CI 0.551 to 1.000.
 */
const THREE_BY_THREE: Cell[] = [
  ['include', 'include', 5],
  ['include', 'maybe', 1],
  ['maybe', 'include', 2],
  ['maybe', 'maybe', 3],
  ['maybe', 'exclude', 1],
  ['exclude', 'maybe', 1],
  ['exclude', 'exclude', 7],
];

const HEADER =
  'stage,reviewer_a,reviewer_b,n,percent_agreement,kappa,ci_low,ci_high,interpretation,' +
  'a_include_b_include,a_include_b_maybe,a_include_b_exclude,a_maybe_b_include,a_maybe_b_maybe,a_maybe_b_exclude,' +
  'a_exclude_b_include,a_exclude_b_maybe,a_exclude_b_exclude,' +
  'maybe_counted_as,kappa_se,pabak,gwet_ac1,gwet_ac1_ci_low,gwet_ac1_ci_high,stage_reviewers,stage_krippendorff_alpha';
const PAIRS_ROW = 'title_abstract,Adam Abbott,Zoë Zimmer,20,85.0,0.681,0.351,1.000,substantial,6,0,2,0,0,0,1,0,11,category,0.168,0.775,0.804,0.598,1.000,2,';
const MAYBES_ROW = "title_abstract,'=cmd,Olive Owner,20,75.0,0.621,0.341,0.901,substantial,5,1,0,2,3,1,0,1,7,category,0.143,0.625,0.627,0.340,0.914,2,";
const MAYBES_AS_INCLUDE_ROW = "title_abstract,'=cmd,Olive Owner,20,90.0,0.792,0.518,1.000,substantial,11,0,1,0,0,0,1,0,7,include,0.140,0.800,0.808,0.551,1.000,2,";

/*
 * Review "trio", title/abstract, three reviewers (reviewers needed: 3), 6 records:
 *
 *   record  Adam     Zoë      Olive
 *   1       include  include  include
 *   2       exclude  exclude  exclude
 *   3       exclude  exclude  exclude
 *   4       include  exclude  include
 *   5       maybe    include  include
 *   6       exclude  exclude  maybe
 *
 * Krippendorff's alpha (nominal), coincidences with weight 1/(3 − 1) per ordered pair of coders:
 *   o_ii = 3 (rec. 1) + 1 (rec. 4) + 1 (rec. 5) = 5; o_ee = 3 + 3 + 1 (rec. 6) = 7;
 *   o_ie = o_ei = 1 (rec. 4); o_im = o_mi = 1 (rec. 5); o_em = o_me = 1 (rec. 6).
 *   n_i = 7, n_e = 9, n_m = 2, n = 18; Σ_{c≠k} o = 6; Σ_{c≠k} n_c n_k = 18² − (49 + 81 + 4) = 190.
 *   α = 1 − 17·6/190 = 88/190 = 0.463
 * Maybe as include: rec. 5 is three includes (o_ii += 3), rec. 6 adds o_ee 1, o_ie = o_ei 1 more:
 *   o_ii = 7, o_ee = 7, o_ie = o_ei = 2; n_i = n_e = 9; α = 1 − 17·4/162 = 94/162 = 0.580
 * Adam against Olive: [[2,0,0],[1,0,0],[0,1,2]] (include, maybe, exclude); p_o = 4/6, p_e = (2·3 + 1·1 + 3·2)/36 = 13/36,
 *   kappa = (24/36 − 13/36)/(23/36) = 11/23 = 0.478.
 */
const TRIO: Array<[ScreeningChoice, ScreeningChoice, ScreeningChoice]> = [
  ['include', 'include', 'include'],
  ['exclude', 'exclude', 'exclude'],
  ['exclude', 'exclude', 'exclude'],
  ['include', 'exclude', 'include'],
  ['maybe', 'include', 'include'],
  ['exclude', 'exclude', 'maybe'],
];

/*
 * Review "perfect": Adam and Zoë agree on all 14 records (5 included by both, 9 excluded by both).
 * kappa = 1 with FCE SE 0: the interval would be 1.000 to 1.000, so none is shown; PABAK = AC1 = 1.
 */
const PERFECT: Cell[] = [
  ['include', 'include', 5],
  ['exclude', 'exclude', 9],
];
const HIDDEN_NOTE = blindResults('title_abstract');

const page = (slug: string) => `/reviews/${slug}/screening/agreement`;
const csv = (slug: string) => `/reviews/${slug}/screening/agreement.csv`;
/** The title/abstract section of the page (it comes before the full-text one). */
const titleAbstract = (html: string) => html.slice(html.indexOf('id="agreement-title_abstract"'), html.indexOf('id="agreement-full_text"'));
const fullText = (html: string) => html.slice(html.indexOf('id="agreement-full_text"'));
/** One named field of a CSV line (no field in these tests holds a comma). */
const column = (line: string, name: string) => line.split(',')[HEADER.split(',').indexOf(name)];
const csvLines = (body: string) => body.replace(/^\uFEFF/, '').split('\r\n').filter((line) => line !== '');
/** The cells of one row of a confusion table, as rendered: its header, then the counts and the row total. */
const tableRow = (html: string, label: string) => {
  const row = new RegExp(`<tr><th scope="row">${label}</th>(.*?)</tr>`).exec(html)?.[1] ?? '';
  return [...row.matchAll(/<td[^>]*>(\d+)<\/td>/g)].map((m) => Number(m[1]));
};

describe('agreement: kappa and percent agreement per stage and pair, page and CSV', () => {
  let t: TestApp;
  let owner: Client;
  let adam: Client;
  let zoe: Client;
  let outsider: Client;
  const ids: Record<string, number> = {};
  const reviews: Record<string, number> = {};

  const settings = (change: Partial<SettingsChange> = {}): SettingsChange => ({
    reviewersNeeded: 2, blind: false, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null, ...change,
  });
  const setTitleAbstract = (slug: string, change: Partial<SettingsChange>) =>
    changeSettings(t.app.db, { reviewId: reviews[slug]!, actorId: ids.olive! }, TA, settings(change));

  /** Signed-in clients of the people added, by e-mail. */
  const people: Record<string, Client> = {};

  async function createReview(slug: string, memberEmails: string[]) {
    await owner.get('/reviews/new');
    await owner.post('/reviews', { title: `Review ${slug}`, slug, question: '', description: '' });
    for (const email of memberEmails) await addMember(owner, slug, people[email]!, email);
    reviews[slug] = await reviewIdOf(t.app.db, slug);
    await setTitleAbstract(slug, {});
  }

  /** One record per counted cell; A and B (display order) each decide it as the cell says. */
  async function script(slug: string, a: number, b: number, cells: Cell[]): Promise<number[]> {
    const reviewId = reviews[slug]!;
    const total = cells.reduce((n, [, , count]) => n + count, 0);
    const { ids: records } = await insertSearch(t.app.db, reviewId, Array.from({ length: total }, (_, i) => ({ title: `${slug} study number ${i + 1}`, doi: `10.9/${slug}.${i}` })));
    let next = 0;
    for (const [decisionA, decisionB, count] of cells) {
      for (let i = 0; i < count; i++) {
        const recordId = records[next++]!;
        for (const [actorId, decision] of [[a, decisionA], [b, decisionB]] as const) {
          await decide(t.app.db, { reviewId, actorId }, { recordId, stage: TA, decision, reasonId: null, note: '', labels: [] });
        }
      }
    }
    return records;
  }

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    // Created in this order on purpose: Adam's id is below Zoë's (the pair keeps its order), "=cmd"'s
    // above Olive's though its name sorts first (the pair is turned over).
    const added = [
      ['adam', 'Adam Abbott', 'adam@example.org'],
      ['zoe', 'Zoë Zimmer', 'zoe@example.org'],
      ['cmd', '=cmd', 'cmd@example.org'],
      ['otto', 'Otto Outsider', 'otto@example.org'],
    ] as const;
    for (const [, name, email] of added) people[email] = await addPerson(t.app, owner, { name, email, password: `${email}-password` });
    const accounts = await t.app.db.selectFrom('account').select(['id', 'email']).execute();
    const idOf = (email: string) => accounts.find((a) => a.email === email)!.id;
    ids.olive = idOf('owner@example.org');
    for (const [key, , email] of added) ids[key] = idOf(email);
    expect(ids.adam).toBeLessThan(ids.zoe!);
    expect(ids.olive).toBeLessThan(ids.cmd!);

    adam = await signIn(t.app, 'adam@example.org', 'adam@example.org-password');
    zoe = await signIn(t.app, 'zoe@example.org', 'zoe@example.org-password');
    outsider = await signIn(t.app, 'otto@example.org', 'otto@example.org-password');

    await createReview('pairs', ['adam@example.org', 'zoe@example.org']);
    await script('pairs', ids.adam!, ids.zoe!, TWO_BY_TWO);
    await createReview('maybes', ['cmd@example.org']);
    await script('maybes', ids.cmd!, ids.olive!, THREE_BY_THREE);
    await createReview('perfect', ['adam@example.org', 'zoe@example.org']);
    await script('perfect', ids.adam!, ids.zoe!, PERFECT);

    await createReview('trio', ['adam@example.org', 'zoe@example.org']);
    await setTitleAbstract('trio', { reviewersNeeded: 3 });
    const { ids: trioRecords } = await insertSearch(t.app.db, reviews.trio!, TRIO.map((_, i) => ({ title: `trio study number ${i + 1}`, doi: `10.9/trio.${i}` })));
    for (const [i, decisions] of TRIO.entries()) {
      for (const [reviewer, decision] of [[ids.adam!, decisions[0]], [ids.zoe!, decisions[1]], [ids.olive!, decisions[2]]] as const) {
        await decide(t.app.db, { reviewId: reviews.trio!, actorId: reviewer }, { recordId: trioRecords[i]!, stage: TA, decision, reasonId: null, note: '', labels: [] });
      }
    }
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it('shows the 2×2 table, n, percent agreement, kappa with its CI and label to any member', async () => {
    const response = await adam.get(page('pairs'));
    expect(response.statusCode).toBe(200);
    const section = titleAbstract(response.body);
    expect(section).toContain('Adam Abbott <span class="muted">and</span> Zoë Zimmer');
    expect(section).toContain('<caption>Title and abstract: records by Adam Abbott’s decision (rows) and Zoë Zimmer’s decision (columns)</caption>');
    expect(section).toMatch(/<th scope="colgroup" colspan="2">Zoë Zimmer<\/th>/);
    expect(section).toContain('<th scope="col">Adam Abbott</th><th scope="col">Include</th><th scope="col">Exclude</th><th scope="col">Total</th>');
    // Rows are Adam's decisions: [include, exclude, row total].
    expect(tableRow(section, 'Include')).toEqual([6, 2, 8]);
    expect(tableRow(section, 'Exclude')).toEqual([1, 11, 12]);
    expect(tableRow(section, 'Total')).toEqual([7, 13, 20]);
    expect(section).not.toContain('>Maybe<');
    expect(section).toContain('<dt>Records both decided</dt><dd>20</dd>');
    expect(section).toContain('<dt>Percent agreement</dt><dd>85.0%</dd>');
    expect(section).toContain('0.681<span class="agreement-ci"> (95% CI 0.351 to 1.000)</span>');
    expect(section).toContain('<dt>Landis–Koch</dt><dd>substantial</dd>');
    expect(section).toContain('<dt>PABAK</dt><dd>0.775</dd>');
    expect(section).toContain('<dt>Gwet’s AC1</dt><dd>0.804<span class="agreement-ci"> (95% CI 0.598 to 1.000)</span></dd>');
    // Two reviewers: their kappa says it; no stage alpha.
    expect(section).not.toContain('Krippendorff’s alpha, all');
    // Says how maybe counts, and offers the other reading.
    expect(response.body).toContain('“Maybe” counts as a third category, unweighted:');
    expect(response.body).toContain(`href="${page('pairs')}?maybe=include"`);
    expect(response.body).toContain('PABAK and AC1 stand beside kappa because they matter when almost every record is excluded');
    // Explained for researchers, and downloadable.
    expect(response.body).toContain('How to read these figures');
    expect(response.body).toContain(`href="${csv('pairs')}"`);
    // Nobody has two decisions on a full text yet.
    expect(fullText(response.body)).toContain('No two reviewers have decided the same records at this stage yet.');
  });

  it('shows the 3×3 table when maybe was used, oriented by name', async () => {
    const response = await owner.get(page('maybes'));
    expect(response.statusCode).toBe(200);
    const section = titleAbstract(response.body);
    expect(section).toContain('=cmd <span class="muted">and</span> Olive Owner');
    expect(section).toContain('<th scope="col">=cmd</th><th scope="col">Include</th><th scope="col">Maybe</th><th scope="col">Exclude</th>');
    expect(tableRow(section, 'Include')).toEqual([5, 1, 0, 6]);
    expect(tableRow(section, 'Maybe')).toEqual([2, 3, 1, 6]);
    expect(tableRow(section, 'Exclude')).toEqual([0, 1, 7, 8]);
    expect(tableRow(section, 'Total')).toEqual([7, 5, 8, 20]);
    expect(section).toContain('<dt>Percent agreement</dt><dd>75.0%</dd>');
    expect(section).toContain('0.621<span class="agreement-ci"> (95% CI 0.341 to 0.901)</span>');
    expect(section).toContain('<dd>substantial</dd>');
    expect(section).toContain('<dt>PABAK</dt><dd>0.625</dd>');
    expect(section).toContain('<dt>Gwet’s AC1</dt><dd>0.627<span class="agreement-ci"> (95% CI 0.340 to 0.914)</span></dd>');
  });

  it('recomputes everything with maybe counted as include (?maybe=include), page and CSV alike', async () => {
    const response = await owner.get(`${page('maybes')}?maybe=include`);
    expect(response.statusCode).toBe(200);
    const section = titleAbstract(response.body);
    expect(response.body).toContain('“Maybe” counts as include here:');
    expect(response.body).toContain('<a href="/reviews/maybes/screening/agreement?maybe=include" aria-current="page">Maybe counts as include</a>');
    expect(section).toContain('<th scope="col">=cmd</th><th scope="col">Include or maybe</th><th scope="col">Exclude</th>');
    expect(tableRow(section, 'Include or maybe')).toEqual([11, 1, 12]);
    expect(tableRow(section, 'Exclude')).toEqual([1, 7, 8]);
    expect(section).toContain('<dt>Percent agreement</dt><dd>90.0%</dd>');
    expect(section).toContain('0.792<span class="agreement-ci"> (95% CI 0.518 to 1.000)</span>');
    expect(section).toContain('<dt>PABAK</dt><dd>0.800</dd>');
    expect(section).toContain('<dt>Gwet’s AC1</dt><dd>0.808<span class="agreement-ci"> (95% CI 0.551 to 1.000)</span></dd>');
    // The download link keeps the reading, and the CSV has the same numbers.
    expect(response.body).toContain(`href="${csv('maybes')}?maybe=include"`);
    expect(csvLines((await owner.get(`${csv('maybes')}?maybe=include`)).body)).toEqual([HEADER, MAYBES_AS_INCLUDE_ROW]);
    // Anything else reads as the default, never an error.
    for (const odd of ['?maybe=INCLUDE', '?maybe=', '?maybe=x&maybe=include', '?maybe[]=include']) {
      const other = await owner.get(`${page('maybes')}${odd}`);
      expect(other.statusCode, odd).toBe(200);
      expect(titleAbstract(other.body), odd).toContain('0.621<span class="agreement-ci"> (95% CI 0.341 to 0.901)</span>');
    }
  });

  it('shows Krippendorff’s alpha for a stage three reviewers screened, with every pair', async () => {
    const response = await owner.get(page('trio'));
    expect(response.statusCode).toBe(200);
    const section = titleAbstract(response.body);
    expect(section).toContain('<dt>Krippendorff’s alpha, all 3 reviewers</dt><dd>0.463 <span class="agreement-ci">(6 records decided by two or more)</span></dd>');
    expect(section).toContain('Adam Abbott <span class="muted">and</span> Olive Owner');
    expect(section).toContain('Adam Abbott <span class="muted">and</span> Zoë Zimmer');
    expect(section).toContain('Olive Owner <span class="muted">and</span> Zoë Zimmer');
    expect(section).toContain('0.478<span class="agreement-ci">');
    const lines = csvLines((await owner.get(csv('trio'))).body);
    expect(lines).toHaveLength(4);
    // Each pair's row carries the stage's reviewers and alpha.
    for (const line of lines.slice(1)) {
      expect([column(line, 'maybe_counted_as'), column(line, 'stage_reviewers'), column(line, 'stage_krippendorff_alpha')]).toEqual(['category', '3', '0.463']);
    }

    const merged = titleAbstract((await owner.get(`${page('trio')}?maybe=include`)).body);
    expect(merged).toContain('<dt>Krippendorff’s alpha, all 3 reviewers</dt><dd>0.580 ');
    const mergedLines = csvLines((await owner.get(`${csv('trio')}?maybe=include`)).body);
    expect(mergedLines).toHaveLength(4);
    for (const line of mergedLines.slice(1)) {
      expect([column(line, 'maybe_counted_as'), column(line, 'stage_reviewers'), column(line, 'stage_krippendorff_alpha')]).toEqual(['include', '3', '0.580']);
    }
  });

  it('shows no interval when it is degenerate: perfect agreement on 14 records', async () => {
    const section = titleAbstract((await owner.get(page('perfect'))).body);
    expect(section).toContain('<dt>Records both decided</dt><dd>14</dd>');
    expect(section).toContain('<dt>Cohen’s kappa</dt><dd>1.000</dd>');
    expect(section).toContain('<dt>PABAK</dt><dd>1.000</dd>');
    expect(section).toContain('<dt>Gwet’s AC1</dt><dd>1.000</dd>');
    expect(section).not.toContain('95% CI');
    expect(section).toContain('No interval is shown: the reviewers agreed on all 14 records');
    expect(csvLines((await owner.get(csv('perfect'))).body)[1]).toBe(
      'title_abstract,Adam Abbott,Zoë Zimmer,14,100.0,1.000,,,almost perfect,5,0,0,0,0,0,0,0,9,category,0.000,1.000,1.000,,,2,',
    );
  });

  it('downloads the same figures as CSV: BOM, header, attachment name, formula-safe names', async () => {
    const response = await owner.get(csv('maybes'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    // The package leaves a token-safe name unquoted (RFC 6266 allows both): compare what it means.
    expect(parseDisposition(String(response.headers['content-disposition']))).toEqual({ type: 'attachment', parameters: { filename: 'maybes-agreement.csv' } });
    expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // "=cmd" must not start a cell, or a spreadsheet would run it as a formula.
    expect(csvLines(response.body)).toEqual([HEADER, MAYBES_ROW]);
    expect(response.body).not.toMatch(/(^|,)=cmd/m);

    const pairs = await zoe.get(csv('pairs'));
    expect(parseDisposition(String(pairs.headers['content-disposition'])).parameters.filename).toBe('pairs-agreement.csv');
    // UTF-8 bytes, so Zoë arrives intact.
    expect(pairs.rawPayload.includes(Buffer.from('Zoë Zimmer', 'utf8'))).toBe(true);
    expect(csvLines(pairs.body)).toEqual([HEADER, PAIRS_ROW]);
  });

  it('while a stage is blind, shows its agreement only to those who may resolve its conflicts', async () => {
    await setTitleAbstract('pairs', { blind: true });

    const reviewerPage = await adam.get(page('pairs'));
    expect(reviewerPage.statusCode).toBe(200);
    const hidden = titleAbstract(reviewerPage.body);
    expect(hidden).toContain(HIDDEN_NOTE);
    expect(hidden).not.toContain('<table');
    expect(hidden).not.toContain('0.681');
    // Full text is not blind, but which records reached it is title and abstract's outcome.
    expect(fullText(reviewerPage.body)).toContain(BLIND_TITLE_ABSTRACT);
    expect(csvLines((await adam.get(csv('pairs'))).body)).toEqual([HEADER]);

    const ownerPage = await owner.get(page('pairs'));
    expect(titleAbstract(ownerPage.body)).not.toContain(HIDDEN_NOTE);
    expect(titleAbstract(ownerPage.body)).toContain('0.681<span class="agreement-ci"> (95% CI 0.351 to 1.000)</span>');
    expect(csvLines((await owner.get(csv('pairs'))).body)).toEqual([HEADER, PAIRS_ROW]);

    // The stage's arbiter resolves its conflicts, so sees it too; the other reviewer still does not.
    await setTitleAbstract('pairs', { blind: true, arbiterId: ids.zoe! });
    expect(titleAbstract((await zoe.get(page('pairs'))).body)).toContain('0.681');
    expect(csvLines((await zoe.get(csv('pairs'))).body)).toEqual([HEADER, PAIRS_ROW]);
    expect(titleAbstract((await adam.get(page('pairs'))).body)).toContain(HIDDEN_NOTE);

    // Blind, with a third reviewer needed, no record is settled: even an owner sees nothing yet.
    await setTitleAbstract('pairs', { blind: true, reviewersNeeded: 3 });
    const unsettled = titleAbstract((await owner.get(page('pairs'))).body);
    expect(unsettled).toContain('No two reviewers have decided the same records at this stage yet.');
    expect(csvLines((await owner.get(csv('pairs'))).body)).toEqual([HEADER]);

    // Not blind: every member sees every pair again, settled or not.
    await setTitleAbstract('pairs', { reviewersNeeded: 3 });
    expect(csvLines((await adam.get(csv('pairs'))).body)).toEqual([HEADER, PAIRS_ROW]);
    await setTitleAbstract('pairs', {});
  });

  it('leaves duplicates out', async () => {
    const reviewId = reviews.pairs!;
    const records = await t.app.db.selectFrom('record').select('id').where('reviewId', '=', reviewId).orderBy('id').execute();
    // The first record (both included it) becomes a duplicate of the second: its item leaves screening.
    await t.app.db.updateTable('record').set({ duplicateOf: records[1]!.id }).where('id', '=', records[0]!.id).execute();
    const section = titleAbstract((await owner.get(page('pairs'))).body);
    expect(section).toContain('<dt>Records both decided</dt><dd>19</dd>');
    expect(tableRow(section, 'Include')).toEqual([5, 2, 7]);
    await t.app.db.updateTable('record').set({ duplicateOf: null }).where('id', '=', records[0]!.id).execute();
    expect(titleAbstract((await owner.get(page('pairs'))).body)).toContain('<dt>Records both decided</dt><dd>20</dd>');
  });

  it('is a 404 for someone who is not a member, page and CSV alike', async () => {
    expect((await outsider.get(page('pairs'))).statusCode).toBe(404);
    const download = await outsider.get(csv('pairs'));
    expect(download.statusCode).toBe(404);
    expect(download.headers['content-disposition']).toBeUndefined();
  });
});
