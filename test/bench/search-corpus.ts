import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/**
 * Scopus-like records for the search benchmark, generated from a seeded vocabulary so every run
 * searches the same data: English function and academic words, criminology terms (each record is
 * "about" three of them, as a real search's results are), journal names, author names, and a long
 * tail of rarer words so the index vocabulary has a realistic size (tens of thousands of terms).
 * Each record is about 2.7 KB as a Scopus RIS entry (kept as its raw text), with an abstract of
 * about 1.3 KB, and comes also as the Scopus BibTeX entry of the same reference (the import bench).
 */

/** mulberry32: small, fast, good enough to spread words; the same seed gives the same corpus. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUNCTION_WORDS = (
  'the of and in to a for with on by from as is was were that this these their which among between ' +
  'into over under after before than not also its or be are has have had but more most such'
).split(' ');

const ACADEMIC_WORDS = (
  'study results analysis data evidence effects outcomes policy review model approach findings research ' +
  'qualitative quantitative interviews survey participants sample method framework factors impact role ' +
  'context process level individual relational systemic community services support programme intervention ' +
  'implementation evaluation practice development theory experience change group people young adults women ' +
  'men public health education economic government local national international comparative longitudinal ' +
  'cohort trial randomised systematic thematic narrative case institutional organisational social structural ' +
  'cultural political legal administrative professional practitioners staff managers volunteers partnership ' +
  'network governance accountability legitimacy trust participation engagement voice power capital resources ' +
  'barriers facilitators enablers constraints opportunities risk needs responsivity strengths assets wellbeing ' +
  'mental substance housing family children relationships employment training skills income poverty inequality ' +
  'discrimination ethnicity gender age identity belonging recognition dignity autonomy choice motivation'
).split(' ');

export const CRIMINOLOGY_TERMS = (
  'desistance recidivism reoffending rehabilitation reintegration resettlement prison prisoners imprisonment ' +
  'incarceration probation parole offender offenders ex-offenders crime criminal justice sentencing punishment ' +
  'custody release supervision restorative co-production coproduction cooperative co-operative cooperatives ' +
  'enterprise enterprises stigma labelling generativity mentoring peer lived experience work integration ' +
  'labour market reentry re-entry penal correctional corrections community-based diversion victims policing ' +
  'courts youth juvenile gangs violence drugs addiction recovery'
).split(' ');

const JOURNALS = [
  'British Journal of Criminology', 'Criminology & Criminal Justice', 'Probation Journal', 'Punishment & Society',
  'European Journal of Probation', 'The Howard Journal of Crime and Justice', 'Justice Quarterly', 'Criminology',
  'Journal of Offender Rehabilitation', 'International Journal of Offender Therapy and Comparative Criminology',
  'Annals of Public and Cooperative Economics', 'Social Enterprise Journal', 'Voluntas', 'Public Management Review',
  'Journal of Social Policy', 'Social Policy & Administration', 'Theoretical Criminology', 'Crime and Justice',
  'European Journal of Criminology', 'Journal of Co-operative Organization and Management',
];

const SURNAMES = (
  'Maruna Farrall McNeill Weaver Laub Sampson Giordano Bottoms Shapland Burnett Healy Nugent Schinkel Fox ' +
  'Marsh Sapouna Graham Rossi Bianchi Esposito Romano Ricci Andersson Johansson Karlsson Nilsson Eriksson ' +
  'Larsson Smith Jones Williams Brown Taylor Davies Evans Wilson Thomas Roberts Garcia Martin Dubois Müller ' +
  'Schmidt Novak Kowalski Nagy Costa Silva Pereira Santos Ferreira Almeida Kim Lee Park Chen Wang Li Zhang'
).split(' ');

const SYLLABLES = 'ka lo mi ne ra to vu ser pan dor lim gra tes vin cul mor pel quo zan bri fen hal jor kes tri bos nel'.split(' ');

export interface GeneratedRecord {
  title: string;
  authors: string[];
  year: number;
  journal: string;
  volume: string;
  issue: string;
  pages: string;
  doi: string;
  abstract: string;
  keywords: string[];
  type: string;
  issn: string;
  publisher: string;
  /** The Scopus RIS entry. */
  raw: string;
  /** The same reference as Scopus exports it in BibTeX. */
  bibtex: string;
}

/** `count` records from `seed`, generated lazily. */
export function* scopusLikeRecords(count: number, seed = 20260101): Generator<GeneratedRecord> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  // Skewed towards the start of a list: a few words are very common, most are rare (roughly Zipf).
  const skewed = <T>(items: readonly T[], power = 2.2) => items[Math.min(items.length - 1, Math.floor(random() ** power * items.length))]!;
  const rareWords = Array.from({ length: 30_000 }, (_, i) => {
    let word = '';
    const syllables = 2 + Math.floor(random() * 3);
    for (let s = 0; s < syllables; s++) word += pick(SYLLABLES);
    return word + (i % 7 === 0 ? 'ation' : i % 5 === 0 ? 'ity' : '');
  });

  for (let n = 1; n <= count; n++) {
    const topics = [pick(CRIMINOLOGY_TERMS), pick(CRIMINOLOGY_TERMS), pick(CRIMINOLOGY_TERMS)];
    const word = (topicRate: number) => {
      const x = random();
      if (x < topicRate) return pick(topics);
      if (x < topicRate + 0.02) return pick(CRIMINOLOGY_TERMS);
      if (x < topicRate + 0.4) return pick(FUNCTION_WORDS);
      if (x < topicRate + 0.8) return skewed(ACADEMIC_WORDS, 1.6);
      return skewed(rareWords);
    };
    const words = (length: number, topicRate: number) => Array.from({ length }, () => word(topicRate));
    const sentence = (length: number) => {
      const text = words(length, 0.06).join(' ');
      return text.charAt(0).toUpperCase() + text.slice(1) + '.';
    };

    const titleWords = words(8 + Math.floor(random() * 8), 0.2);
    const title = titleWords.join(' ').replace(/^./, (c) => c.toUpperCase());
    const authors = Array.from({ length: 1 + Math.floor(random() * 6) }, () => `${pick(SURNAMES)}, ${pick('ABCDEFGHJKLMNPRST'.split(''))}.`);
    const abstract = Array.from({ length: 9 + Math.floor(random() * 3) }, () => sentence(14 + Math.floor(random() * 10))).join(' ');
    const keywords = [...new Set([...topics, ...words(3, 0.3)])];
    const year = 1990 + Math.floor(random() * 36);
    const journal = pick(JOURNALS);
    const volume = String(1 + Math.floor(random() * 60));
    const issue = String(1 + Math.floor(random() * 6));
    const start = 1 + Math.floor(random() * 400);
    const pages = `${start}-${start + 8 + Math.floor(random() * 20)}`;
    const doi = `10.${1000 + Math.floor(random() * 8000)}/bench.${year}.${n}`;
    const issn = `${1000 + Math.floor(random() * 8999)}-${1000 + Math.floor(random() * 8999)}`;
    const publisher = pick(['SAGE Publications Ltd', 'Oxford University Press', 'Wiley-Blackwell', 'Routledge', 'Springer']);
    // Drawn in the order the RIS lines once drew them inline, so every seed still gives the same corpus.
    const affiliations = authors.map((a) => `${a.split(',')[0]}: School of Social and Political Sciences, University of ${pick(['Glasgow', 'Sheffield', 'Bologna', 'Stockholm', 'Manchester', 'Milan'])}, ${pick(['United Kingdom', 'Italy', 'Sweden'])}`);
    const scopusUrl = `https://www.scopus.com/inward/record.uri?eid=2-s2.0-${85000000000 + n}&doi=${encodeURIComponent(doi)}&partnerID=40&md5=${n.toString(16).padStart(32, '0')}`;
    const note = `Cited By: ${Math.floor(random() * 200)}; Export Date: 12 March 2025; Correspondence Address: ${authors[0]}; email: author${n}@example.ac.uk; Funding details: Economic and Social Research Council, ESRC, ES/${n}/1; Funding text 1: This work was supported by the Economic and Social Research Council and by the partner social co-operatives, who gave their time and access to their members.`;
    const raw = [
      'TY  - JOUR',
      ...authors.map((a) => `AU  - ${a}`),
      `TI  - ${title}`,
      `T2  - ${journal}`,
      `PY  - ${year}`,
      `VL  - ${volume}`,
      `IS  - ${issue}`,
      `SP  - ${start}`,
      `EP  - ${start + 12}`,
      `DO  - ${doi}`,
      `UR  - ${scopusUrl}`,
      ...affiliations.map((a) => `AD  - ${a}`),
      `AB  - ${abstract}`,
      ...keywords.map((k) => `KW  - ${k}`),
      `PB  - ${publisher}`,
      `SN  - ${issn}`,
      'LA  - English',
      `J2  - ${journal}`,
      'M3  - Article',
      'DB  - Scopus',
      `N1  - ${note}`,
      'ER  - ',
    ].join('\n');
    // Scopus' BibTeX: one field a line, braces around values, "and" between authors, keywords joined by "; ".
    const bibtex = [
      `@ARTICLE{${authors[0]!.split(',')[0]}${year}${n},`,
      `author={${authors.join(' and ')}},`,
      `title={${title}},`,
      `journal={${journal}},`,
      `year={${year}},`,
      `volume={${volume}},`,
      `number={${issue}},`,
      `pages={${start}-${start + 12}},`,
      `doi={${doi}},`,
      `url={${scopusUrl}},`,
      `affiliation={${affiliations.join('; ')}},`,
      `abstract={${abstract}},`,
      `author_keywords={${keywords.join('; ')}},`,
      `publisher={${publisher}},`,
      `issn={${issn}},`,
      'language={English},',
      `abbrev_source_title={${journal}},`,
      'document_type={Article},',
      `note={${note}},`,
      'source={Scopus},',
      '}',
    ].join('\n');
    yield { title, authors, year, journal, volume, issue, pages, doi, abstract, keywords, type: 'article-journal', issn, publisher, raw, bibtex };
  }
}

/** `count` generated records written as one Scopus RIS export at `path`, streamed (a 10,000-record file is ~27 MB). */
export async function writeScopusRis(path: string, count: number, seed?: number): Promise<void> {
  const out = createWriteStream(path);
  for (const record of scopusLikeRecords(count, seed)) {
    if (!out.write(record.raw + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
