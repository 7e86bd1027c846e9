import type { DedupRecord } from './dedup-record.js';
import { foldText } from './fold-text.js';

const NUMBER_WORDS: Record<string, string> = {
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  first: '1', second: '2', third: '3', fourth: '4', fifth: '5', sixth: '6', seventh: '7', eighth: '8', ninth: '9', tenth: '10',
  i: '1', ii: '2', iii: '3', iv: '4', v: '5', vi: '6', vii: '7', viii: '8', ix: '9', x: '10',
};
const ROMAN = new Set(['ii', 'iii', 'iv', 'vi', 'vii', 'viii', 'ix']);

const NUMBER = '(\\d+|[ivx]+|one|two|three|four|five|six|seven|eight|nine|ten)';
const PART = new RegExp(`\\b(part|volume|vol|book|phase|study|paper|wave)\\s+${NUMBER}\\b`, 'g');
const LEADING_PART = new RegExp(`^(?:the\\s+)?(first|second|third|fourth|fifth)\\s+(part|volume|phase|wave)\\b`);

const asNumber = (word: string) => NUMBER_WORDS[word] ?? word.replace(/^0+(?=\d)/, '');

/**
 * Which part of a series the title names: "part 2", "vol. II", "Phase 3", "Study 2", or a roman
 * numeral ending the title ("... of prisons II"), as "part 2" etc.; '' when it names none.
 * "Part 2" and "Part II" give the same mark.
 */
export function seriesMark(folded: string): string {
  const marks: string[] = [];
  for (const match of folded.matchAll(PART)) {
    const kind = match[1] === 'vol' ? 'volume' : match[1]!;
    marks.push(`${kind} ${asNumber(match[2]!)}`);
  }
  const leading = LEADING_PART.exec(folded);
  if (leading) marks.push(`${leading[2]} ${asNumber(leading[1]!)}`);
  const last = folded.split(' ').at(-1) ?? '';
  if (ROMAN.has(last)) marks.push(`part ${asNumber(last)}`);
  return marks.join(', ');
}

/** The numbers a title contains ("... in Finland in 2016" → "2016"), sorted, space-separated. */
export function titleNumbers(folded: string): string {
  const numbers = folded.match(/\b\d+\b/g) ?? [];
  return numbers.map(asNumber).sort().join(' ');
}

const EDITION_IN_TITLE = /\b(\d+)(?:st|nd|rd|th)?\s+(?:ed|edn|edition)\b|\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?:ed|edn|edition)\b/;

/** The edition number from the CSL `edition` field or the title ("2nd ed.", "Second edition"); null when unknown. */
export function editionOf(edition: string | null | undefined, foldedTitle: string): string | null {
  const field = foldText(edition ?? '');
  const fromField = /^(\d+)/.exec(field)?.[1] ?? NUMBER_WORDS[field.split(' ')[0] ?? ''];
  if (fromField !== undefined) return asNumber(fromField);
  const inTitle = foldedTitle.includes(' ed') ? EDITION_IN_TITLE.exec(foldedTitle) : null;
  return inTitle ? asNumber(inTitle[1] ?? inTitle[2]!) : null;
}

export type NoticeKind = 'correction' | 'retraction' | 'comment' | 'reply';

// Web of Science titles an erratum as the corrected work's title plus where it appeared:
// "Title (vol 104, pg 150, 2017)", folded to "title vol 104 pg 150 2017".
const WOS_CORRECTION = /\s+vol\s+\w+\s+pg\s+\w+(?:\s+\d{4})?$/;

const NOTICES: ReadonlyArray<[NoticeKind, RegExp]> = [
  ['correction', /^(?:erratum|errata|corrigendum|corrigenda|correction|author correction|publisher correction)\b|\b(?:erratum|corrigendum|correction) (?:to|for|on)\b|\s+vol\s+\w+\s+pg\s+\w+(?:\s+\d{4})?$/],
  ['retraction', /^(?:retraction|notice of retraction|expression of concern)\b|\bretraction (?:of|to|for|note)\b/],
  ['reply', /^(?:reply|response|authors? reply|in reply|rejoinder)\b|\b(?:reply|response|rejoinder) to\b/],
  ['comment', /^(?:comment|commentary|letter|editorial comment)\b|\b(?:comments?|commentary) on\b/],
];

/**
 * What kind of notice about another work the title announces (an erratum, a retraction notice,
 * a comment, a reply), or null for an original work. A notice quotes the title it is about, so
 * without this it would look like a duplicate of it.
 */
export function noticeKind(folded: string): NoticeKind | null {
  return NOTICES.find(([, pattern]) => pattern.test(folded))?.[0] ?? null;
}

const CORRECTION_LEAD = /^(?:(?:author|publisher)\s+)?(?:erratum|errata|corrigendum|corrigenda|correction)(?:\s+(?:to|for|on))?\s+/;

/**
 * The title a correction notice is about, so two databases' ways of titling the same erratum
 * ("Corrigendum to X", WoS's "X (vol 104, pg 150, 2017)") compare as X. Other titles as they are.
 */
export function correctedTitle(folded: string): string {
  const subject = folded.replace(CORRECTION_LEAD, '').replace(WOS_CORRECTION, '');
  return subject === '' ? folded : subject;
}

// DOI prefixes of preprint servers (bioRxiv and medRxiv, PsyArXiv/SocArXiv/OSF, SSRN, arXiv, Research
// Square, Preprints.org, JMIR Preprints, Copernicus' EGUsphere) and of repositories where a work's
// data or an early version is deposited (Zenodo, figshare, Dryad, OSF).
const PREPRINT_DOI = /^10\.(?:1101|31234|31235|31219|31222|31228|31232|31124|2139|48550|21203|20944|2196\/preprints|5194\/egusphere|5281|6084|5061|17605)[/.]/;
const PREPRINT_SERVER = /\b(?:medrxiv|biorxiv|psyarxiv|socarxiv|edarxiv|arxiv|ssrn|osf preprints|research square|preprints org|preprint|jmir preprints|sciety|authorea|chemrxiv|eartharxiv|egusphere|zenodo|figshare|dryad)\b/;

/** Whether a folded "journal" name is a preprint server's ("medRxiv", "SSRN Electronic Journal"...). */
export function isPreprintServer(foldedJournal: string): boolean {
  return PREPRINT_SERVER.test(foldedJournal);
}

/**
 * Whether the record is an early or deposited version of a work (a preprint, or a deposit of its
 * data): its type says so, or its DOI or "journal" (see isPreprintServer) is a server's.
 */
export function isPreprint(record: Pick<DedupRecord, 'type' | 'cslType' | 'doi'>, onPreprintServer: boolean): boolean {
  return onPreprintServer || record.type === 'preprint' || record.type === 'dataset' || record.cslType === 'article' || (record.doi !== null && PREPRINT_DOI.test(record.doi));
}

// A version suffix a repository adds to a deposit's DOI (figshare ".v1", "/v2") or a Cochrane update (".pub3").
const DOI_VERSION = /(?:\.v\d+|\/v\d+|\.pub\d+)$/;

/** A DOI without its version or update suffix: two DOIs of one family name versions of one work. */
export function doiFamily(doi: string): string {
  return doi.replace(DOI_VERSION, '');
}

/** JSTOR gives the articles it holds DOIs of its own, beside the publisher's. */
export const isJstorDoi = (doi: string) => doi.startsWith('10.2307/');

const CONFERENCE = /\b(?:abstracts?|congress|conference|meeting|symposium|proceedings|annual scientific sessions)\b/;

/** Whether the record is a conference abstract (or paper): a report of its own, beside the article that may grow from it. */
export function isConferenceReport(record: Pick<DedupRecord, 'type' | 'cslType'>, foldedJournal: string): boolean {
  return record.type === 'conference-paper' || record.cslType === 'paper-conference' || CONFERENCE.test(foldedJournal);
}
