/**
 * Capitalisation the reference styles ask for and citeproc does not give. APA 7 (and Cite Them
 * Right's Harvard) write the titles of articles, chapters and books in sentence case and journal
 * names in title case. Databases send titles in Title Case (many journals' own) or in capitals (Web
 * of Science's journal and publisher names, some older records), and citeproc-js leaves both alone:
 * APA's CSL puts no text-case on titles (CSL 1.0.2 deprecates text-case="sentence", and citeproc-js'
 * version of it only lower-cases a string wholly in capitals, acronyms and names included), and its
 * text-case="title" on journal names never touches a word in capitals, taking it for an acronym
 * ("PROBATION JOURNAL" stays so). So sentenceCase and capitalsToTitleCase do what is missing, and
 * citeproc's title case still runs on what capitalsToTitleCase wrote (it changes none of it).
 *
 * The rule, deliberately conservative (a wrong lower case is worse than a kept capital):
 * - Words with a capital after their first letter are never changed: acronyms and names such as
 *   "UK", "COVID-19", "NGOs", "McNeill", "iPhone" stay as written.
 * - A title in capitals (no lower-case letter, two words or more, one of them of four letters or
 *   more and not a known acronym) is lower-cased, except the known acronyms (ACRONYMS), roman
 *   numerals (II-XXXIX), the names in PROPER_NOUNS and, in English, "I" and single letters but "A".
 * - A title in Title Case is lowered only when the record is in English (or names no language) and
 *   at least two words start with a capital, none lower-case, counting neither a sentence's first
 *   word nor small words nor listed names; then each word with a single initial capital is
 *   lowered, listed names kept. "Making Good: How Ex-Convicts Reform" becomes "Making good: How
 *   ex-convicts reform"; "Work and Desistance", "Desistance in Scotland and England" and every
 *   Italian or Swedish title in its own sentence case stay as they are.
 * - The first word gets a capital; in APA the first word after a colon, question or exclamation
 *   mark or spaced dash too, in English only (other languages keep their own convention; Cite Them
 *   Right writes "Naming students' problems: an analysis", so there it gets none).
 *
 * Limits: a name that is not listed is lowered when the title came in capitals or in English Title
 * Case ("Reentry in New York" becomes "Reentry in new york"; "IL CARCERE DI BOLLATE" becomes "Il
 * carcere di bollate"; a German title in capitals loses its nouns' capitals), and a sentence-case
 * English title whose only capitalised words are two unlisted names is taken for Title Case. Markup
 * in a title (<i>, <b>, <sub>, <sup>) is kept as it is.
 */

/** Acronyms as they are written; matched on a word (or a hyphenated part) written in capitals. */
const ACRONYMS = new Map(
  [
    'UK', 'US', 'USA', 'EU', 'UN', 'NHS', 'HIV', 'AIDS', 'COVID', 'SARS', 'CoV', 'PTSD', 'ADHD', 'CBT', 'ICT', 'NGO', 'NGOs',
    'LGBT', 'LGBTQ', 'LGBTQI', 'BAME', 'BME', 'OECD', 'ILO', 'ICD', 'DSM', 'RCT', 'RCTs', 'BMC', 'BMJ', 'JAMA', 'PLOS',
    'UNESCO', 'UNICEF', 'DNA', 'RNA', 'MRI', 'ICU', 'NEET', 'HMPPS', 'NOMS', 'ECHR', 'IPV', 'GDPR', 'SDG', 'SDGs',
  ].map((a) => [a.toUpperCase(), a]),
);

/** Places and nationalities the review's jurisdictions bring up often: kept capitalised when a title is lowered. */
const PROPER_NOUNS = new Set(
  [
    'England', 'English', 'Scotland', 'Scottish', 'Wales', 'Welsh', 'Britain', 'British', 'Ireland', 'Irish', 'Europe',
    'European', 'Italy', 'Italian', 'Italia', 'Sweden', 'Swedish', 'Sverige', 'Norway', 'Norwegian', 'Denmark', 'Danish',
    'Finland', 'Finnish', 'Nordic', 'Scandinavia', 'Scandinavian', 'America', 'American', 'Australia', 'Australian',
    'Canada', 'Canadian', 'London', 'Africa', 'African', 'Asia', 'Asian',
  ].map((n) => n.toLowerCase()),
);

/**
 * Words a title-case style writes in lower case: APA's articles, conjunctions and prepositions of
 * up to three letters, plus the longer prepositions some databases lower-case too (so their Title
 * Case is still recognised as such).
 */
const SMALL_WORDS = new Set(
  ('a an the and but or nor for so yet as at by in of off on per to up via vs v ' +
    'with from into onto over upon about among between through without within across after before under').split(' '),
);
/** The small words capitalsToTitleCase writes in lower case: APA's list only. */
const APA_SMALL_WORDS = new Set('a an the and but or nor for so yet as at by in of off on per to up via vs v'.split(' '));

const ROMAN = /^(?=[IVX]{2,}$)X{0,3}(?:IX|IV|V?I{0,3})$/;
const TAG = /(<\/?(?:i|b|sub|sup)>)/;

interface Part {
  /** Offset in the title's text (markup left out). */
  at: number;
  text: string;
  /** Its word's index. */
  word: number;
  /** The word's first part ("Self" in "Self-Report"). */
  first: boolean;
}

interface Words {
  text: string;
  parts: Part[];
  /** Index of each word that starts a sentence: the first, or the first after ":", "?", "!" or a spaced dash. */
  starts: Set<number>;
  /** Starts after a colon, question or exclamation mark or dash (not the title's first word). */
  subtitleStarts: Set<number>;
}

const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();
const hasLower = (s: string) => [...s].some((c) => c !== c.toUpperCase() && c === c.toLowerCase());
const hasInnerCapital = (s: string) => [...s].slice(1).some(isUpper);

function wordsOf(text: string): Words {
  const parts: Part[] = [];
  const starts = new Set<number>();
  const subtitleStarts = new Set<number>();
  let word = 0;
  let afterBreak = true;
  for (const token of text.matchAll(/\S+/g)) {
    const found = [...token[0].matchAll(/[\p{L}\p{N}][\p{L}\p{M}\p{N}'’]*/gu)];
    if (found.length === 0) {
      // "Title : subtitle" and "Title - subtitle" (spaced) break as a colon does.
      afterBreak ||= /^[-–—]$|[:?!]$/.test(token[0]);
      continue;
    }
    if (afterBreak) {
      starts.add(word);
      if (word > 0) subtitleStarts.add(word);
    }
    for (const [i, m] of found.entries()) parts.push({ at: token.index + m.index, text: m[0], word, first: i === 0 });
    afterBreak = /[:?!]["'”’)\]]*$/.test(token[0]);
    word++;
  }
  return { text, parts, starts, subtitleStarts };
}

/** Applies `change` to the text of a title that may hold markup; change must keep the text's length. */
function onText(title: string, change: (text: string) => string): string {
  const pieces = title.split(TAG);
  const text = pieces.filter((_, i) => i % 2 === 0).join('');
  const changed = change(text);
  let at = 0;
  return pieces
    .map((piece, i) => {
      if (i % 2 === 1) return piece;
      const out = changed.slice(at, at + piece.length);
      at += piece.length;
      return out;
    })
    .join('');
}

/** Case changes that keep the length (one character for one), so offsets stay valid. */
function lower(s: string): string {
  return [...s].map((c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join('');
}
function capitalise(s: string): string {
  const [head = '', ...rest] = [...s];
  const up = head.toUpperCase();
  return (up.length === head.length ? up : head) + rest.join('');
}

function replaceParts(text: string, parts: readonly Part[], next: (part: Part) => string): string {
  let out = '';
  let at = 0;
  for (const part of parts) {
    out += text.slice(at, part.at) + next(part);
    at = part.at + part.text.length;
  }
  return out + text.slice(at);
}

/**
 * In capitals, with a word of four letters or more that is not a known acronym: "PROBATION JOURNAL",
 * not "HIV" or "UK NHS". A title needs two words for it ("PRISMA" alone may be a name); a journal's
 * one ("CRIMINOLOGY", as Web of Science writes it).
 */
function isShouted(words: Words, minWords: number): boolean {
  if (hasLower(words.text) || new Set(words.parts.map((p) => p.word)).size < minWords) return false;
  return words.parts.some((p) => [...p.text].filter(isUpper).length >= 4 && !ACRONYMS.has(p.text));
}

/** How a word of a title in capitals is written when it is a known acronym, a roman numeral, a listed name or (in English) a single letter but "A"; else null. */
function knownForm(part: string, english: boolean): string | null {
  const upper = part.toUpperCase();
  const acronym = ACRONYMS.get(upper);
  if (acronym) return acronym;
  if (ROMAN.test(upper)) return upper;
  if (PROPER_NOUNS.has(part.toLowerCase())) return capitalise(lower(part));
  if (english && upper.length === 1 && upper !== 'A' && /\p{L}/u.test(upper)) return upper;
  return null;
}

/** Sentence case for a work's title (APA); see the module comment for the rule. */
export function sentenceCase(title: string, options: { english: boolean; capitalAfterColon: boolean }): string {
  const { english, capitalAfterColon } = options;
  return onText(title, (text) => {
    const words = wordsOf(text);
    const startsHere = (p: Part) => p.first && words.starts.has(p.word);
    const capitaliseStart = (p: Part, value: string) =>
      startsHere(p) && ((english && capitalAfterColon) || !words.subtitleStarts.has(p.word)) && !hasInnerCapital(value) ? capitalise(value) : value;
    if (isShouted(words, 2)) {
      return replaceParts(text, words.parts, (p) => knownForm(p.text, english) ?? capitaliseStart(p, lower(p.text)));
    }
    if (!english || !isTitleCase(words)) return replaceParts(text, words.parts, (p) => capitaliseStart(p, p.text));
    return replaceParts(text, words.parts, (p) => {
      if (startsHere(p) || hasInnerCapital(p.text) || !isUpper(p.text[0]!)) return capitaliseStart(p, p.text);
      // A listed name, "I" or a letter such as "Plan B" keeps its capital; "A" is the article.
      return PROPER_NOUNS.has(p.text.toLowerCase()) || (p.text.length === 1 && p.text !== 'A') ? p.text : lower(p.text);
    });
  });
}

/** Title Case: at least two capitalised words that are not small words, starts or listed names, and no lower-case one. */
function isTitleCase(words: Words): boolean {
  let capitalised = 0;
  const seen = new Set<number>();
  for (const part of words.parts) {
    if (seen.has(part.word) || words.starts.has(part.word)) continue;
    seen.add(part.word);
    const lowered = part.text.toLowerCase();
    if (SMALL_WORDS.has(lowered) || !/^\p{L}/u.test(part.text) || hasInnerCapital(part.text)) continue;
    if (!isUpper(part.text[0]!)) return false;
    if (!PROPER_NOUNS.has(lowered)) capitalised++;
  }
  return capitalised >= 2;
}

/** A journal's or publisher's name given in capitals in title case ("PROBATION JOURNAL" -> "Probation Journal"); any other name as given. */
export function capitalsToTitleCase(name: string): string {
  return onText(name, (text) => {
    const words = wordsOf(text);
    if (!isShouted(words, 1)) return text;
    return replaceParts(text, words.parts, (p) => {
      const known = knownForm(p.text, true);
      if (known !== null) return known;
      const lowered = lower(p.text);
      return APA_SMALL_WORDS.has(lowered) && !words.starts.has(p.word) ? lowered : capitalise(lowered);
    });
  });
}
