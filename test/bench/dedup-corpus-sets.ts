/**
 * Labelled duplicate sets read in place from the shared corpus of real exports (never copied into
 * the repository). How each set is labelled is in test/bench/README.md ("dedup-quality"):
 *
 * - colrev-dedupe: CoLRev's own labels (its dedupe fixture and the merged output it expects);
 * - the others: rule "same DOI, same normalised title, same year" for duplicates, the hand-checked
 *   pairs of dedup-labels.json for everything the rule does not decide, and "different" otherwise.
 *
 * Labels are only complete where a search raised the pair: any pair sharing a DOI or PMID, or with
 * titles alike (word Dice ≥ 0.8), that neither rule nor hand label decides is returned in
 * `unlabelled` so that someone labels it, and so is any pair the engine raises (see `decided`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dedupRecordOf, type DedupRecord } from '../../src/dedup/find-duplicates.js';
import { linkComponents } from '../../src/dedup/link-components.js';
import { parseFile } from '../../src/imports/parse-file.js';
import type { RecordTruth } from '../support/dedup-cases.js';
import type { LabelledSet } from './dedup-quality-metrics.js';

type Label = 'duplicate' | 'versions' | 'related' | 'different';

interface HandLabel {
  a: string;
  b: string;
  label: Label;
  why: string;
  /** titleHash of a and b when labelled: a record that moved (a parser change renumbered a file) is caught, not mislabelled. */
  titles: [string, string];
}

interface SetSpec {
  name: string;
  source: string;
  files: readonly string[];
}

const GAMBLING_HARMS = ['crimjust_41', 'lens_49', 'psycinfo_124'].map((n) => `citesource__20221207_gambling-harms_${n}.ris`);

/** Exports of real references; the corpus' parser fixtures (dummy, lorem-ipsum or synthetic records) are left out. */
const REAL_EXPORTS = [
  'asreview___baseline.ris', 'asreview__embase.ris', 'asreview__faulty_year.ris', 'asreview__ovid_zotero.ris', 'asreview__proquest.ris',
  'asreview__pubmed_endnote.txt', 'asreview__pubmed_zotero.ris', 'asreview__ris_issue_992.txt', 'asreview__scopus.ris', 'asreview__web_of_science.txt',
  'bibtexparser__BBT_does_not_import_groups_from_JabRef_5.1_1641.bib', 'bibtexparser__web_page_and_other_mendeley_idiocy.bib', 'bibtexparser__primo_nlr_ru.bib',
  'bibtextidy__PaglioneBibTeX.bib', 'bibtextidy__orcid-russian-citations.bib', 'bibtextidy__orcid-chinese_citation.bib',
  'colrev__ais_enl.txt', 'jabref__jabref-authors.bib', 'jabref__Chocolate.bib', 'jabref__IsiImporterTestWOS.isi', 'jabref__IsiImporterTestInspec.isi',
  'jabref__MedlineImporterTestArticleItalics.xml', 'jabref__MedlineImporterTestNbib.xml', 'jabref__NbibImporterTest.nbib', 'jabref__OvidImporterTest4.txt',
  'jabref__EndnoteXmlImporterTestArticle.xml', 'revtools__avian_ecology_bibliography.ris', 'srd__schoot-lgmm-ptsd-included-2.ris', 'srd__NSAIDS.csv',
  'srd__Bannach-Brown_2019.csv', 'synthesisr__ASP_ris_example.ris', 'synthesisr__citesource_issue_24.ris', 'synthesisr__Scopus_ris_example.ris',
  'synthesisr__Scopus_bib_example.bib', 'synthesisr__WoS_ciw_example.ciw', 'synthesisr__WoS_txt_example.txt', 'synthesisr__PubMed_example.txt',
];

const SETS: readonly SetSpec[] = [
  { name: 'colrev-dedupe', source: "CoLRev's dedupe fixture records.bib, labelled by the merged output CoLRev expects (records_expected.bib)", files: ['colrev__records.bib'] },
  { name: 'gambling-harms', source: 'CiteSource topic data: one gambling-harms search exported from EBSCO Criminal Justice Abstracts, Lens and PsycInfo', files: GAMBLING_HARMS },
  { name: 'citesource-working', source: 'CiteSource working example: one search in AGRIS, EconLit, GreenFile and Web of Science', files: ['citesource__AGRIS.ris', 'citesource__EconLit.ris', 'citesource__GreenFile.ris', 'citesource__WoS_79.ris'] },
  { name: 'real-exports', source: 'the other exports of real references in the corpus, pooled (ASReview demos, synthesisr examples, screening datasets, Mendeley, JabRef, Google Scholar)', files: REAL_EXPORTS },
];

/** Titles that look alike enough to be checked by a person: word Dice at or above this. */
const ALIKE = 0.8;

/** Every labelled set of the corpus in `folder`. */
export function corpusSets(folder: string): LabelledSet[] {
  const labels = handLabels();
  return SETS.map((spec) => {
    const { records, keys, raw } = readRecords(folder, spec.files);
    const labelled = spec.name === 'colrev-dedupe' ? colrevLabels(folder, raw) : ruleLabels(records, keys, labels);
    return { name: spec.name, source: spec.source, records, ...labelled, key: (id: number) => keys[id - 1]! };
  });
}

/** The normalised title a label's `titles` hash: lower case, no accents, no markup, letters and digits only. */
export function titleHash(title: string): string {
  return createHash('sha1').update(comparableTitle(title)).digest('hex').slice(0, 8);
}

function comparableTitle(title: string): string {
  return folded(title).replace(/[^\p{L}\p{N}]/gu, '');
}

function titleWords(title: string): Set<string> {
  return new Set(folded(title).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2));
}

// Tags go without a space (K<sub>Ca</sub>3.1 is KCa3.1); "&" is "and".
const folded = (title: string) => title.replace(/<[^>]*>/g, '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/&/g, ' and ');

function readRecords(folder: string, files: readonly string[]): { records: DedupRecord[]; keys: string[]; raw: string[] } {
  const records: DedupRecord[] = [];
  const keys: string[] = [];
  const raw: string[] = [];
  for (const file of files) {
    for (const parsed of parseFile(readFileSync(resolve(folder, file)), file).records) {
      records.push(dedupRecordOf(records.length + 1, parsed.reference));
      keys.push(`${file}#${parsed.position}`);
      raw.push(parsed.raw);
    }
  }
  return { records, keys, raw };
}

type Labelled = Pick<LabelledSet, 'truth' | 'decided' | 'unlabelled' | 'warnings'>;

/** records.bib's entries merged into one entry of records_expected.bib are duplicates; every other pair is not. */
function colrevLabels(folder: string, raw: readonly string[]): Labelled {
  const expected = parseFile(readFileSync(resolve(folder, 'colrev__records_expected.bib')), 'colrev__records_expected.bib').records;
  const entryOf = new Map<string, number>();
  expected.forEach((entry, n) => {
    for (const origin of originsOf(entry.raw)) entryOf.set(origin, n);
  });
  const truth = new Map<number, RecordTruth>();
  const warnings: string[] = [];
  raw.forEach((text, i) => {
    const entry = originsOf(text).map((o) => entryOf.get(o)).find((n) => n !== undefined);
    if (entry === undefined) warnings.push(`colrev__records.bib#${i + 1}: no entry of records_expected.bib holds its origin`);
    truth.set(i + 1, { work: `expected ${entry ?? `missing ${i + 1}`}` });
  });
  return { truth, decided: () => true, unlabelled: [], warnings };
}

/** CoLRev's provenance (`colrev_origin = {scopus.bib/005021; ...}`), without its metadata sources (`md_...`), as bib-dedupe reads it. */
function originsOf(raw: string): string[] {
  const value = /colrev_origin\s*=\s*\{([^}]*)\}/.exec(raw)?.[1] ?? '';
  return value.split(';').map((o) => o.trim()).filter((o) => o !== '' && !o.startsWith('md_'));
}

function handLabels(): HandLabel[] {
  const file = new URL('./dedup-labels.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { pairs: HandLabel[] }).pairs;
}

function ruleLabels(records: readonly DedupRecord[], keys: readonly string[], labels: readonly HandLabel[]): Labelled {
  const idOf = new Map(keys.map((key, i) => [key, i + 1]));
  const titles = records.map((r) => comparableTitle(r.title));
  const words = records.map((r) => titleWords(r.title));
  const warnings: string[] = [];
  const hand: Array<{ a: number; b: number; label: Label }> = [];
  for (const label of labels) {
    const a = idOf.get(label.a);
    const b = idOf.get(label.b);
    if (a === undefined || b === undefined) continue; // a label of another set
    const moved = [a, b].filter((id, n) => titleHash(records[id - 1]!.title) !== label.titles[n]);
    if (moved.length > 0) {
      warnings.push(`label ${label.a} ${label.b} ignored: ${moved.map((id) => keys[id - 1]).join(', ')} no longer holds the labelled title (records renumbered?)`);
      continue;
    }
    hand.push({ a, b, label: label.label });
  }

  // Duplicates: the rule, then the hand labels; works are what they join.
  const sameWork: Array<{ a: number; b: number }> = hand.filter((h) => h.label === 'duplicate');
  const alike: Array<[number, number]> = [];
  for (let i = 0; i < records.length; i++) {
    for (let j = i + 1; j < records.length; j++) {
      const [x, y] = [records[i]!, records[j]!];
      const sharedId = (x.doi !== null && x.doi === y.doi) || (x.pmid !== null && x.pmid === y.pmid);
      if (sharedId && x.year === y.year && titles[i] === titles[j] && titles[i] !== '') sameWork.push({ a: x.id, b: y.id });
      else if (sharedId || (titles[i] !== '' && titles[i] === titles[j]) || alikeWords(words[i]!, words[j]!)) alike.push([x.id, y.id]);
    }
  }
  const work = componentOf(records, sameWork);
  const between = (label: Label) => hand.filter((h) => h.label === label).map((h) => ({ a: work.get(h.a)!, b: work.get(h.b)! }));
  const family = componentOfIds([...new Set(work.values())], between('versions'));
  const study = componentOfIds([...new Set(work.values())], between('related'));
  const truth = new Map(records.map((r) => {
    const w = work.get(r.id)!;
    return [r.id, { work: `work ${w}`, family: `family ${family.get(w)}`, study: `study ${study.get(w)}` }];
  }));

  const workPairs = new Set(hand.map((h) => workPair(work.get(h.a)!, work.get(h.b)!)));
  for (const h of hand.filter((h) => h.label === 'different' && work.get(h.a) === work.get(h.b))) {
    warnings.push(`label ${keys[h.a - 1]} ${keys[h.b - 1]} says different, but other labels make them one work`);
  }
  const decided = (a: number, b: number) => work.get(a) === work.get(b) || workPairs.has(workPair(work.get(a)!, work.get(b)!));
  return { truth, decided, unlabelled: alike.filter(([a, b]) => !decided(a, b)), warnings };
}

const workPair = (x: number, y: number) => (x < y ? `${x} ${y}` : `${y} ${x}`);

/** Record id → the smallest id of its component under `links` (its own id when unlinked). */
function componentOf(records: readonly DedupRecord[], links: Iterable<{ a: number; b: number }>): Map<number, number> {
  return componentOfIds(records.map((r) => r.id), links);
}

function componentOfIds(ids: readonly number[], links: Iterable<{ a: number; b: number }>): Map<number, number> {
  const of = new Map(ids.map((id) => [id, id]));
  for (const members of linkComponents(links)) for (const id of members) of.set(id, members[0]!);
  return of;
}

/** Word Dice of the two titles at or above ALIKE. */
function alikeWords(x: ReadonlySet<string>, y: ReadonlySet<string>): boolean {
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  if (small.size === 0 || (2 * small.size) / (small.size + large.size) < ALIKE) return false; // too unequal in length to get there
  let shared = 0;
  for (const word of small) if (large.has(word)) shared++;
  return (2 * shared) / (x.size + y.size) >= ALIKE;
}
