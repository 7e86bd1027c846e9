/**
 * Labelled duplicate-detection cases, one class for each problem of issue 11, shared by the unit
 * tests and the `dedup-quality` bench so that both judge the engine by one definition. Built from a
 * fixed seed: every call returns the same records with the same ids (unique across all cases, so a
 * case can run alone or pooled with the others).
 *
 * ```ts
 * for (const c of dedupCases()) {
 *   const outcome = outcomes(findDuplicates(c.records), c.records);
 *   for (const e of c.expect) expect(e.accept).toContain(outcome(e.a, e.b)); // e.why says what the pair is
 * }
 * ```
 */
import { dedupRecordOf, findDuplicates, groupDuplicates, type DedupRecord, type DuplicatePair } from '../../src/dedup/find-duplicates.js';
import { parseFile } from '../../src/imports/parse-file.js';
import { seededRandom } from '../bench/search-corpus.js';

/** What two records are to each other. */
export type Relation = 'duplicate' | 'versions' | 'related' | 'different';

/** What the engine made of a pair: linked automatically, queued under a kind, or nothing. */
export type Outcome = 'certain' | 'probable' | 'version' | 'related' | 'none';

/**
 * The truth about one record. Records of one `work` are duplicates; works of one `family` are
 * versions of one work (a preprint and its article, two DOIs of one article, a review's update);
 * works of one `study` are related reports (a conference abstract and the article that grew from it).
 */
export interface RecordTruth {
  work: string;
  family?: string;
  study?: string;
}

export function relationOf(x: RecordTruth, y: RecordTruth): Relation {
  if (x.work === y.work) return 'duplicate';
  if (x.family !== undefined && x.family === y.family) return 'versions';
  if (x.study !== undefined && x.study === y.study) return 'related';
  return 'different';
}

export interface ExpectedPair {
  a: number;
  b: number;
  relation: Relation;
  /** Outcomes that are right for this pair; any other is a failure of the engine. */
  accept: readonly Outcome[];
  why: string;
}

export type CaseClass =
  | 'supplement DOI'
  | 'report series DOI'
  | 'markup in titles'
  | 'WoS placeholders'
  | 'truncated before Part 1'
  | 'erratum forms'
  | 'society and JSTOR DOIs'
  | 'deposit and its .v1'
  | 'Cochrane update'
  | 'abstract and article'
  | 'preprint and article'
  | 'translation appended';

export interface DedupCase {
  class: CaseClass;
  records: DedupRecord[];
  truth: ReadonlyMap<number, RecordTruth>;
  expect: ExpectedPair[];
}

// Versions are never linked automatically (issue 11): a person confirms them as two reports of one study.
const DIFFERENT: readonly Outcome[] = ['none'];
const SAME_ID_DIFFERENT: readonly Outcome[] = ['none', 'probable'];
const MERGE: readonly Outcome[] = ['certain'];
const VERSIONS: readonly Outcome[] = ['version'];
const RELATED: readonly Outcome[] = ['none', 'related'];

/**
 * Outcome of a pair given the engine's pairs: `certain` when certain links put both records in one
 * group; otherwise the kind of a queued pair between their groups (a relation is queued once, not
 * once per copy); otherwise `none`.
 */
export function outcomes(pairs: readonly DuplicatePair[], records: readonly DedupRecord[]): (a: number, b: number) => Outcome {
  const groupOf = new Map<number, number>();
  for (const group of groupDuplicates(pairs.filter((p) => p.kind === 'certain'), records)) {
    for (const id of group.members) groupOf.set(id, group.primary);
  }
  const home = (id: number) => groupOf.get(id) ?? id;
  const queued = new Map<string, Outcome>();
  const key = (x: number, y: number) => (x < y ? `${x} ${y}` : `${y} ${x}`);
  for (const pair of pairs) {
    if (pair.kind === 'certain') continue;
    const k = key(home(pair.a), home(pair.b));
    if (!queued.has(k)) queued.set(k, String(pair.kind) as Outcome);
  }
  return (a, b) => (home(a) === home(b) ? 'certain' : (queued.get(key(home(a), home(b))) ?? 'none'));
}

/** Every case, records numbered from 1 in order; the same on every call. */
export function dedupCases(): DedupCase[] {
  const make = new CaseMaker();
  return [
    supplementAbstracts(make),
    reportSeries(make),
    markupInTitles(make),
    wosPlaceholders(make),
    truncatedBeforePart(make),
    erratumForms(make),
    societyAndJstor(make),
    depositAndV1(make),
    cochraneUpdate(make),
    abstractAndArticle(make),
    preprintAndArticle(make),
    translationAppended(make),
  ];
}

/** The engine's outcome for every expected pair of one case run alone: what a unit test asserts. */
export function caseOutcomes(c: DedupCase): Array<ExpectedPair & { outcome: Outcome }> {
  const outcome = outcomes(findDuplicates(c.records), c.records);
  return c.expect.map((e) => ({ ...e, outcome: outcome(e.a, e.b) }));
}

type Fields = Partial<Omit<DedupRecord, 'id'>>;

/** Hands out ids and keeps each case's records, truths and expectations together. */
class CaseMaker {
  #next = 1;
  #records: DedupRecord[] = [];
  #truth = new Map<number, RecordTruth>();
  #expect: ExpectedPair[] = [];

  /** A complete journal article (the fields a database export has); `fields` change what the case is about. */
  record(truth: RecordTruth, fields: Fields): number {
    return this.add(truth, {
      title: 'Desistance from crime among members of social co-operatives in Italy',
      authors: ['Rossi, Maria', 'Bianchi, Luca'],
      year: 2019,
      journal: 'British Journal of Criminology',
      volume: '59',
      issue: '4',
      pages: '811-830',
      doi: null,
      pmid: null,
      type: 'journal-article',
      abstractLength: 1200,
      ...fields,
    });
  }

  /** A record exactly as the importer reads it from an export file this case writes (one record). */
  imported(truth: RecordTruth, fileText: string, fileName: string): number {
    const parsed = parseFile(new TextEncoder().encode(fileText), fileName);
    if (parsed.records.length !== 1) throw new Error(`dedup-cases: ${fileName} should hold one record, not ${parsed.records.length}`);
    const { id: _, ...fields } = dedupRecordOf(0, parsed.records[0]!.reference);
    return this.add(truth, fields);
  }

  expect(a: number, b: number, relation: Relation, accept: readonly Outcome[], why: string): void {
    this.#expect.push({ a, b, relation, accept, why });
  }

  /** Every pair of `ids` expected to be `relation`. */
  expectAll(ids: readonly number[], relation: Relation, accept: readonly Outcome[], why: string): void {
    for (let x = 0; x < ids.length; x++) for (let y = x + 1; y < ids.length; y++) this.expect(ids[x]!, ids[y]!, relation, accept, why);
  }

  done(caseClass: CaseClass): DedupCase {
    const done: DedupCase = { class: caseClass, records: this.#records, truth: this.#truth, expect: this.#expect };
    this.#records = [];
    this.#truth = new Map();
    this.#expect = [];
    return done;
  }

  private add(truth: RecordTruth, fields: Omit<DedupRecord, 'id'>): number {
    const id = this.#next++;
    this.#records.push({ ...fields, id });
    this.#truth.set(id, truth);
    return id;
  }
}

// Seeded vocabulary for the many distinct works of a supplement or a series.
const TOPICS = ['Glycaemic control', 'Insulin adherence', 'Foot ulcer care', 'Retinal screening', 'Weight change', 'Hypoglycaemia', 'Continuous glucose monitoring', 'Diabetes self-management', 'Statin use', 'Kidney function'];
const PEOPLE = ['among people leaving prison', 'in older adults in custody', 'among young adults leaving care', 'in people on probation', 'among women in prison'];
const GROUPS = [...PEOPLE, 'in adolescents with type 2 diabetes', 'in a secure hospital'];
const DESIGNS = ['a pilot study', 'a retrospective cohort', 'a randomised feasibility trial', 'a qualitative study', 'a national audit', 'a cross-sectional survey'];
const SURNAMES = ['Okafor', 'Lindqvist', 'Moretti', 'Haddad', 'Nakamura', 'Kowalski', 'Fernandes', 'MacLeod', 'Novak', 'Achterberg', 'Rahman', 'Esposito', 'Dubois', 'Halvorsen'];

function distinctTitles(count: number, seed: number, compose: (pick: <T>(items: readonly T[]) => T) => string): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const titles = new Set<string>();
  while (titles.size < count) titles.add(compose(pick));
  return [...titles];
}

function authorsOf(n: number): string[] {
  return [`${SURNAMES[n % SURNAMES.length]}, A.`, `${SURNAMES[(n * 5 + 3) % SURNAMES.length]}, B.`];
}

/** A journal supplement prints hundreds of conference abstracts under one DOI: each is its own work. */
function supplementAbstracts(make: CaseMaker): DedupCase {
  const titles = distinctTitles(12, 11, (pick) => `${pick(TOPICS)} ${pick(GROUPS)}: ${pick(DESIGNS)}`);
  const ids = titles.map((title, n) =>
    make.record({ work: `supplement abstract ${n}` }, { title, authors: authorsOf(n), year: 2018, journal: 'Diabetes', volume: '67', issue: 'Supplement 1', pages: `${1000 + n}-P`, doi: '10.2337/db18-sup1', type: 'journal-article' }),
  );
  make.expectAll(ids, 'different', SAME_ID_DIFFERENT, 'different conference abstracts printed under one supplement DOI');
  return make.done('supplement DOI');
}

/** Some report series give every report the series' DOI. */
function reportSeries(make: CaseMaker): DedupCase {
  const titles = distinctTitles(5, 12, (pick) => `${pick(['Employment', 'Housing', 'Reoffending', 'Family contact', 'Education'])} outcomes ${pick(PEOPLE)}`);
  const ids = titles.map((title, n) =>
    make.record({ work: `series report ${n}` }, { title, authors: ['Ministry of Justice'], year: 2019 + (n % 2), journal: 'Ministry of Justice Analytical Series', volume: null, issue: null, pages: null, doi: '10.5555/moj-analytical-series', type: 'report' }),
  );
  make.expectAll(ids, 'different', SAME_ID_DIFFERENT, 'different reports of a series that share the series DOI');
  return make.done('report series DOI');
}

/** Inline markup inside a word is not a word break: the same title with and without it. */
function markupInTitles(make: CaseMaker): DedupCase {
  const pairs: Array<[string, string, string | null]> = [
    ['K<sub>Ca</sub>3.1 channel blockade and lung fibrosis in a prison health cohort', 'KCa3.1 channel blockade and lung fibrosis in a prison health cohort', '10.1016/j.phr.2020.01.011'],
    ['<sup>99m</sup>Tc-sestamibi imaging of cardiac risk among older prisoners', '99mTc-sestamibi imaging of cardiac risk among older prisoners', '10.1007/s12350-019-01234-5'],
    // No DOI on either: title, year, authors, journal and pages must carry it alone.
    ['Ca<sup>2+</sup> signalling under chronic stress in custody', 'Ca2+ signalling under chronic stress in custody', null],
  ];
  pairs.forEach(([marked, plain, doi], n) => {
    const fields = { doi, journal: 'Journal of Prison Health', volume: '12', issue: '2', pages: `${40 + n * 20}-${55 + n * 20}`, year: 2020 };
    const a = make.record({ work: `markup ${n}` }, { ...fields, title: marked });
    const b = make.record({ work: `markup ${n}` }, { ...fields, title: plain });
    make.expect(a, b, 'duplicate', MERGE, `"${marked}" is "${plain}" with its markup`);
  });
  return make.done('markup in titles');
}

/** Web of Science writes `<middle dot>`, `<beta>`... for characters; imported, they must read as those characters. */
function wosPlaceholders(make: CaseMaker): DedupCase {
  const wos = (title: string, doi: string) =>
    `FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Rossi, M\n   Bianchi, L\nAF Rossi, Maria\n   Bianchi, Luca\nTI ${title}\nSO JOURNAL OF PRISON HEALTH\nPY 2019\nVL 11\nIS 3\nBP 201\nEP 214\nDI ${doi}\nER\n\nEF\n`;
  const cases: Array<[string, string, string]> = [
    ['Long-term exposure to PM<sub>2·5</sub> and respiratory health of people in prison', 'Long-term exposure to PM<sub>2<middle dot>5</sub> and respiratory health of people in prison', '10.1016/j.jph.2019.03.007'],
    ['Serum β-carotene and cognitive decline among older prisoners', 'Serum <beta>-carotene and cognitive decline among older prisoners', '10.1016/j.jph.2019.03.008'],
  ];
  cases.forEach(([other, fromWos, doi], n) => {
    const fields = { authors: ['Rossi, Maria', 'Bianchi, Luca'], year: 2019, journal: 'Journal of Prison Health', volume: '11', issue: '3', pages: '201-214', doi };
    const a = make.record({ work: `placeholder ${n}` }, { ...fields, title: other });
    const b = make.imported({ work: `placeholder ${n}` }, wos(fromWos, doi), 'savedrecs.txt');
    make.expect(a, b, 'duplicate', MERGE, `Web of Science's "${fromWos}" is "${other}"`);
  });
  return make.done('WoS placeholders');
}

/** One database cut the title before "Part 1"; the DOI is shared. Part 2 is another work. */
function truncatedBeforePart(make: CaseMaker): DedupCase {
  const title = 'Co-production in probation services: a realist evaluation';
  const fields = { journal: 'Probation Journal', volume: '67', issue: '1', year: 2020, authors: ['Weaver, Beth', 'McNeill, Fergus'] };
  const part1 = make.record({ work: 'part 1' }, { ...fields, title: `${title}. Part 1`, doi: '10.1177/0264550519900001', pages: '5-22' });
  const cut = make.record({ work: 'part 1' }, { ...fields, title, doi: '10.1177/0264550519900001', pages: '5-22' });
  const part2 = make.record({ work: 'part 2' }, { ...fields, title: `${title}. Part 2`, doi: '10.1177/0264550519900002', pages: '23-40' });
  make.expect(part1, cut, 'duplicate', MERGE, 'one database cut the title before "Part 1"; same DOI');
  make.expect(part1, part2, 'different', DIFFERENT, 'Part 1 and Part 2 of a series');
  make.expect(cut, part2, 'different', DIFFERENT, 'Part 1 (title cut) and Part 2 of a series');
  return make.done('truncated before Part 1');
}

/** Web of Science's "Title (vol 104, pg 150, 2017)" and another database's "Corrigendum to ..." are one erratum. */
function erratumForms(make: CaseMaker): DedupCase {
  const title = 'Social enterprise and reintegration after prison: a mixed-methods study';
  const erratum = { authors: ['Rossi, Maria'], year: 2018, journal: 'International Journal of Law, Crime and Justice', volume: '105', issue: null, pages: '12', doi: '10.1016/j.ijlcj.2018.01.004' };
  const original = make.record({ work: 'original' }, { title, year: 2017, journal: 'International Journal of Law, Crime and Justice', volume: '104', pages: '150-164', doi: '10.1016/j.ijlcj.2017.06.002' });
  const wos = make.record({ work: 'erratum' }, { ...erratum, title: `${title} (vol 104, pg 150, 2017)` });
  const other = make.record({ work: 'erratum' }, { ...erratum, title: `Corrigendum to "${title}"` });
  make.expect(wos, other, 'duplicate', MERGE, 'one erratum in two databases\' forms; same DOI');
  make.expect(original, wos, 'different', DIFFERENT, 'an article and its erratum');
  make.expect(original, other, 'different', DIFFERENT, 'an article and its erratum');
  return make.done('erratum forms');
}

/** One article with a society DOI and a JSTOR DOI: two identifiers of one work. */
function societyAndJstor(make: CaseMaker): DedupCase {
  const fields = { title: 'Prison labour and the social economy in Sweden', year: 2018, journal: 'The Howard Journal of Crime and Justice', volume: '57', issue: '3', pages: '330-349' };
  const society = make.record({ work: 'society DOI', family: 'howard 2018' }, { ...fields, doi: '10.1111/hojo.12301' });
  const jstor = make.record({ work: 'JSTOR DOI', family: 'howard 2018' }, { ...fields, doi: '10.2307/26410123' });
  make.expect(society, jstor, 'versions', VERSIONS, 'a society DOI and a JSTOR DOI of one article');
  return make.done('society and JSTOR DOIs');
}

/** A repository deposit's all-versions DOI and the DOI of its first version. */
function depositAndV1(make: CaseMaker): DedupCase {
  const fields = { title: 'Interview transcripts: employment in social co-operatives after prison', year: 2021, journal: 'figshare', volume: null, issue: null, pages: null, type: 'dataset' as const };
  const all = make.record({ work: 'all versions', family: 'deposit' }, { ...fields, doi: '10.6084/m9.figshare.7341234' });
  const v1 = make.record({ work: 'v1', family: 'deposit' }, { ...fields, doi: '10.6084/m9.figshare.7341234.v1' });
  make.expect(all, v1, 'versions', VERSIONS, "a deposit's all-versions DOI and its .v1");
  return make.done('deposit and its .v1');
}

/** A Cochrane review and its update (.pub2, .pub3) are versions of one review. */
function cochraneUpdate(make: CaseMaker): DedupCase {
  const fields = { title: 'Interventions to reduce reoffending by people leaving prison', journal: 'Cochrane Database of Systematic Reviews', volume: null, issue: null, pages: 'CD012345' };
  const pub2 = make.record({ work: 'pub2', family: 'CD012345' }, { ...fields, year: 2016, authors: ['Moretti, Anna', 'Halvorsen, Ida'], doi: '10.1002/14651858.cd012345.pub2' });
  const pub3 = make.record({ work: 'pub3', family: 'CD012345' }, { ...fields, year: 2021, authors: ['Moretti, Anna', 'Halvorsen, Ida', 'Novak, Petr'], doi: '10.1002/14651858.cd012345.pub3' });
  make.expect(pub2, pub3, 'versions', VERSIONS, 'a Cochrane review (.pub2) and its update (.pub3)');
  return make.done('Cochrane update');
}

/** A conference abstract and the full article that grew from it report one study but are not one work. */
function abstractAndArticle(make: CaseMaker): DedupCase {
  const abstract = make.record({ work: 'abstract 1', study: 'co-op cohort' }, {
    title: 'Social co-operative employment and reoffending after release: early findings',
    year: 2017, journal: 'Criminal Behaviour and Mental Health', volume: '27', issue: 'Supplement 1', pages: 'S45', type: 'conference-paper', abstractLength: 300,
  });
  const article = make.record({ work: 'article 1', study: 'co-op cohort' }, {
    title: 'Social co-operative employment and reoffending after release: a matched cohort study',
    year: 2019, doi: '10.1093/bjc/azz041',
  });
  // The abstract kept its title word for word, as many do.
  const sameTitle = 'Work integration social enterprises and desistance in Italy';
  const abstract2 = make.record({ work: 'abstract 2', study: 'wise study' }, { title: sameTitle, authors: ['Bianchi, Luca', 'Rossi, Maria'], year: 2016, journal: 'European Society of Criminology Annual Conference', volume: null, issue: null, pages: null, type: 'conference-paper', abstractLength: 250 });
  const article2 = make.record({ work: 'article 2', study: 'wise study' }, { title: sameTitle, authors: ['Bianchi, Luca', 'Rossi, Maria', 'Verdi, Giulia'], year: 2018, journal: 'European Journal of Criminology', volume: '15', issue: '6', pages: '702-721', doi: '10.1177/1477370818773611' });
  make.expect(abstract, article, 'related', RELATED, 'a conference abstract and the article that grew from it');
  make.expect(abstract2, article2, 'related', RELATED, 'a conference abstract and the article with the same title');
  return make.done('abstract and article');
}

/** A preprint (EGUsphere, medRxiv) or a repository deposit and the published article are versions of one work. */
function preprintAndArticle(make: CaseMaker): DedupCase {
  const flood = { title: 'Flood exposure of prisons in England and Wales: a national assessment', authors: ['Haddad, Sami', 'Lindqvist, Eva'] };
  const egu = make.record({ work: 'egusphere', family: 'flood' }, { ...flood, year: 2023, journal: 'EGUsphere', volume: null, issue: null, pages: null, doi: '10.5194/egusphere-2023-1234' });
  const hess = make.record({ work: 'hess', family: 'flood' }, { ...flood, year: 2024, journal: 'Natural Hazards and Earth System Sciences', volume: '24', issue: '2', pages: '455-470', doi: '10.5194/nhess-24-455-2024' });
  make.expect(egu, hess, 'versions', VERSIONS, 'an EGUsphere preprint and its article');

  const heat = { title: 'Heat exposure in prison cells during the 2018 European heatwave', authors: ['Kowalski, Jan', 'Dubois, Claire'] };
  const zenodo = make.record({ work: 'zenodo', family: 'heat' }, { ...heat, year: 2020, journal: 'Zenodo', volume: null, issue: null, pages: null, doi: '10.5281/zenodo.4412345', type: 'dataset' });
  const article = make.record({ work: 'heat article', family: 'heat' }, { ...heat, year: 2021, journal: 'Health & Place', volume: '68', issue: null, pages: '102521', doi: '10.1016/j.healthplace.2021.102521' });
  make.expect(zenodo, article, 'versions', VERSIONS, 'a repository deposit (Zenodo) and the article');

  // Two copies of a medRxiv preprint and two of its article: two duplicate groups, one relation between them.
  const covid = { title: 'COVID-19 outbreaks in prisons in England: a retrospective cohort study', authors: ['Rahman, Nadia', 'Esposito, Marco'] };
  const preprint = { ...covid, year: 2020, journal: 'medRxiv', volume: null, issue: null, pages: null, doi: '10.1101/2020.06.01.20118877' };
  const published = { ...covid, year: 2021, journal: 'BMJ Open', volume: '11', issue: '3', pages: 'e044395', doi: '10.1136/bmjopen-2020-044395' };
  const p1 = make.record({ work: 'medrxiv', family: 'covid' }, preprint);
  const p2 = make.record({ work: 'medrxiv', family: 'covid' }, { ...preprint, authors: ['Rahman, N.', 'Esposito, M.'] });
  const a1 = make.record({ work: 'bmj open', family: 'covid' }, published);
  const a2 = make.record({ work: 'bmj open', family: 'covid' }, { ...published, pmid: '33692137' });
  make.expect(p1, p2, 'duplicate', MERGE, 'one preprint from two databases');
  make.expect(a1, a2, 'duplicate', MERGE, 'one article from two databases');
  for (const p of [p1, p2]) for (const a of [a1, a2]) make.expect(p, a, 'versions', VERSIONS, 'a medRxiv preprint and its article (copies of each)');
  return make.done('preprint and article');
}

/** One database appends the title's translation: still one work, with the DOI shared. */
function translationAppended(make: CaseMaker): DedupCase {
  const fields = { year: 2020, journal: 'Rassegna Italiana di Criminologia', volume: '14', issue: '2', pages: '88-101', doi: '10.7347/ric-022020-p88' };
  const english = make.record({ work: 'translated' }, { ...fields, title: 'Desistance in later life: a qualitative study' });
  const both = make.record({ work: 'translated' }, { ...fields, title: 'Desistance in later life: a qualitative study [Desistenza in età avanzata: uno studio qualitativo]' });
  make.expect(english, both, 'duplicate', ['certain', 'probable'], 'one title with its translation appended; same DOI');
  return make.done('translation appended');
}
