import { foldText } from './fold-text.js';

const STOPWORDS = new Set(
  ('a an the of and or in on for to with at by from as is are be its into via about than ' +
    'de la le les des du et en el los las y und der die das').split(' '),
);

// Ways the same work's title is dressed up differently by databases: a trailing "a systematic
// review and meta-analysis", "study protocol" or "a randomised controlled trial", and the
// "RETRACTED ARTICLE:" some add in front. Applied to folded text, so punctuation is already gone.
const REVIEW_QUALIFIER = '(?:updated|rapid|systematic|scoping|narrative|literature|umbrella|integrative|realist|critical|comprehensive|qualitative|mixed methods)';
const META = '(?:(?:network|dose response|individual participant data|bayesian|cumulative)\\s+)?meta\\s?analys[ie]s';
const TRAILING = [
  new RegExp(`\\s(?:(?:a|an)\\s+)?(?:${REVIEW_QUALIFIER}\\s+)+(?:review|overview|evidence synthesis|meta synthesis)(?:\\s+(?:and|with)\\s+(?:(?:a|an)\\s+)?${META})?$`),
  new RegExp(`\\s(?:(?:a|an)\\s+)?(?:(?:systematic|updated)\\s+)?${META}$`),
  /\s(?:a|an)\s+review$/,
  /\s(?:(?:a|an|the)\s+)?(?:study\s+|trial\s+|review\s+)?protocol(?:\s+for(?:\s+.*)?)?$/,
  /\s(?:a|an)\s+(?:(?:pilot|cluster|pragmatic|multicentre|multicenter|feasibility)\s+)*(?:randomi[sz]ed\s+)?controlled\s+trial$/,
];
const LEADING = /^retracted(?:\s+article)?\s+/;
/** Boilerplate is only removed when this many words remain, so a title is never reduced to nothing. */
const MIN_REMAINING = 3;

const MAY_HAVE_BOILERPLATE = /review|overview|synthesis|analys|protocol|trial/;

/** Title words to compare: folded, boilerplate and stopwords removed ("<i>The</i> Élan: a meta-analysis" → ["elan"]). */
export function titleWords(title: string): string[] {
  return foldedTitleWords(foldText(title));
}

/** {@link titleWords} of a title already folded by foldText. */
export function foldedTitleWords(folded: string): string[] {
  let text = folded.replace(LEADING, '');
  for (let changed = MAY_HAVE_BOILERPLATE.test(text); changed; ) {
    changed = false;
    for (const pattern of TRAILING) {
      const match = pattern.exec(text);
      if (match && wordCount(text.slice(0, match.index)) >= MIN_REMAINING) {
        text = text.slice(0, match.index);
        changed = true;
      }
    }
  }
  const words = text.split(' ').filter((w) => w !== '' && !STOPWORDS.has(w));
  // A title made only of stopwords ("What is it?") keeps them rather than becoming empty.
  return words.length > 0 ? words : text.split(' ').filter((w) => w !== '');
}

/** The comparison key of a title: {@link titleWords} joined by single spaces. */
export function normaliseTitle(title: string): string {
  return titleWords(title).join(' ');
}

const SUBTITLE = /[:?]\s|\s[-–—]{1,2}\s/;

/**
 * The normalised main title when the title has a subtitle ("Desistance: a review of X" →
 * "desistance"), so a record whose source dropped the subtitle still meets the full one; null when
 * there is no subtitle or the main title is too short (under three words) to identify a work.
 */
export function mainTitle(title: string): string | null {
  const cut = SUBTITLE.exec(title);
  if (!cut) return null;
  const words = titleWords(title.slice(0, cut.index));
  return words.length >= MIN_REMAINING ? words.join(' ') : null;
}

/** A protocol and the finished review share a title once boilerplate is gone, but are two reports. */
export function isProtocol(foldedTitle: string): boolean {
  return /\bprotocol\b/.test(foldedTitle);
}

const wordCount = (text: string) => (text.trim() === '' ? 0 : text.trim().split(' ').length);
