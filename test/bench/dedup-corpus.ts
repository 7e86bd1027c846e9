/**
 * Records for the dedup benchmark: distinct works, planted duplicates of them changed the ways
 * databases change a record, and planted near-misses that must not be linked automatically.
 * Seeded, so every run measures the same data. `work` says which work a record reports: two
 * records are duplicates exactly when their `work` is the same.
 */
import type { DedupRecord } from '../../src/dedup/dedup-record.js';
import { seededRandom } from './search-corpus.js';

export type PlantedKind =
  | 'doi case and prefix'
  | 'title punctuation and case'
  | 'diacritics'
  | 'markup'
  | 'subtitle dropped'
  | 'year ±1'
  | 'missing DOI';
export type NearMissKind = 'series part' | 'same title, other years and authors';

export interface DedupCorpus {
  records: DedupRecord[];
  /** Work id of each record, by record id. */
  work: Map<number, number>;
  /** [original id, duplicate id, how the duplicate was changed]. */
  planted: Array<[number, number, PlantedKind]>;
  /** [id, id, kind] of distinct works made to look alike. */
  nearMisses: Array<[number, number, NearMissKind]>;
}

const PLANTED: readonly PlantedKind[] = ['doi case and prefix', 'title punctuation and case', 'diacritics', 'markup', 'subtitle dropped', 'year ±1', 'missing DOI'];
const SYLLABLES = 'ka lo mi ne ra to vu ser pan dor lim gra tes vin cul mor pel quo zan bri fen hal jor kes tri bos nel cas ver lun'.split(' ');
const COMMON = (
  'prison probation desistance reoffending employment social cooperative enterprise reintegration community ' +
  'justice offenders women young adults evidence evaluation policy practice outcomes qualitative study survey ' +
  'analysis mental health housing support services trust identity recovery stigma work training labour market ' +
  'Italy Sweden England comparative longitudinal peer mentoring restorative co-production governance'
).split(' ');
const FUNCTION = 'of the and in for on among from with a to'.split(' ');
const ACCENTED: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ö', u: 'ü', c: 'ç', n: 'ñ' };

/** `count` records, about `duplicateShare` of them planted duplicates and `nearMissShare` near-misses. */
export function dedupCorpus(count: number, { duplicateShare = 0.08, nearMissShare = 0.01, seed = 4 } = {}): DedupCorpus {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const word = () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join('');
  const rare = Array.from({ length: 6000 }, word);
  const surnames = Array.from({ length: 4000 }, () => capital(word()));
  const journals = Array.from({ length: 300 }, () => `Journal of ${capital(pick(rare))} ${capital(pick(COMMON))}`);
  const titleWords = (n: number) => Array.from({ length: n }, (_, i) => (i % 3 === 1 ? pick(FUNCTION) : random() < 0.5 ? pick(COMMON) : pick(rare)));
  const author = () => `${random() < 0.05 ? 'van der ' : ''}${pick(surnames)}, ${capital(pick(SYLLABLES))}.`;

  const records: DedupRecord[] = [];
  const work = new Map<number, number>();
  const add = (record: Omit<DedupRecord, 'id'>, workId: number) => {
    const id = records.length + 1;
    records.push({ ...record, id });
    work.set(id, workId);
    return id;
  };
  let works = 0;
  const newWork = (): Omit<DedupRecord, 'id'> => {
    const main = capital(titleWords(6 + Math.floor(random() * 7)).join(' '));
    const first = 1 + Math.floor(random() * 900);
    return {
      title: random() < 0.4 ? `${main}: ${titleWords(3 + Math.floor(random() * 4)).join(' ')}` : main,
      authors: Array.from({ length: 1 + Math.floor(random() * 5) }, author),
      year: 1995 + Math.floor(random() * 30),
      journal: pick(journals),
      volume: String(1 + Math.floor(random() * 60)),
      issue: String(1 + Math.floor(random() * 6)),
      pages: `${first}-${first + 5 + Math.floor(random() * 25)}`,
      doi: random() < 0.85 ? `10.${1000 + Math.floor(random() * 9000)}/${word()}.${works}` : null,
      pmid: random() < 0.3 ? String(10_000_000 + works) : null,
      type: 'journal-article',
      abstractLength: Math.floor(random() * 2000),
    };
  };

  const planted: DedupCorpus['planted'] = [];
  const nearMisses: DedupCorpus['nearMisses'] = [];
  const duplicates = Math.round(count * duplicateShare);
  const nearMissPairs = Math.round((count * nearMissShare) / 2);
  const originals = count - duplicates - 2 * nearMissPairs;
  for (let n = 0; n < originals; n++) add(newWork(), works++);
  for (let n = 0; n < nearMissPairs; n++) {
    const base = newWork();
    if (n % 2 === 0) {
      const [first, second] = [add({ ...base, title: `${base.title}, part 1` }, works++), add({ ...newWork(), title: `${base.title}, part 2`, authors: base.authors, year: base.year, journal: base.journal, doi: null }, works++)];
      nearMisses.push([first, second, 'series part']);
    } else {
      const other = newWork();
      const first = add({ ...base, doi: null }, works++);
      const second = add({ ...other, title: base.title, year: base.year! + 2 + Math.floor(random() * 8), doi: null }, works++);
      nearMisses.push([first, second, 'same title, other years and authors']);
    }
  }
  for (let n = 0; n < duplicates; n++) {
    const original = records[Math.floor(random() * originals)]!;
    const kind = PLANTED[n % PLANTED.length]!;
    const { id: _, ...fields } = original;
    const copy = add(changed(fields, kind, random), work.get(original.id)!);
    planted.push([original.id, copy, kind]);
  }
  return { records, work, planted, nearMisses };
}

/** The duplicate as another database would export it. */
function changed(record: Omit<DedupRecord, 'id'>, kind: PlantedKind, random: () => number): Omit<DedupRecord, 'id'> {
  const out = { ...record, abstractLength: random() < 0.3 ? 0 : record.abstractLength };
  switch (kind) {
    case 'doi case and prefix':
      return { ...out, doi: out.doi === null ? null : `https://doi.org/${out.doi.toUpperCase()}` };
    case 'title punctuation and case':
      return { ...out, title: `${out.title.replace(/:/, ' -').toUpperCase()}.`, doi: random() < 0.5 ? null : out.doi };
    case 'diacritics':
      return { ...out, title: out.title.replace(/[aeiou]/g, (c) => (random() < 0.2 ? ACCENTED[c]! : c)), doi: random() < 0.5 ? null : out.doi };
    case 'markup':
      return { ...out, title: out.title.replace(/^(\S+) (\S+)/, '<i>$1</i> $2'), doi: random() < 0.5 ? null : out.doi };
    case 'subtitle dropped':
      return { ...out, title: out.title.includes(':') ? out.title.slice(0, out.title.indexOf(':')) : `${out.title}: ${'a survey'}`, doi: null };
    case 'year ±1':
      return { ...out, year: out.year! + (random() < 0.5 ? 1 : -1), doi: random() < 0.5 ? null : out.doi, pmid: null };
    case 'missing DOI':
      return { ...out, doi: null, pmid: null, pages: out.pages!.replace(/^(\d*)(\d\d)-\1(\d\d)$/, '$1$2-$3') };
  }
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
