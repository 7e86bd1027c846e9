/**
 * The language an excerpt is quoted in: a BCP 47 tag ("it", "sv", "pt-BR") in its canonical form,
 * or '' for the review's own language. Reviews are written in English, the language of Coreview's
 * pages and of the chapter it drafts; a passage quoted in it needs no language and no translation.
 *
 * ```ts
 * excerptLanguage('IT')        // { tag: 'it' }
 * excerptLanguage('en-GB')     // { tag: '' }            the review's language
 * excerptLanguage('Italian')   // { problem: 'Write the language as its code: it for Italian.' }
 * languageName('sv')           // 'Swedish'
 * ```
 */

export const REVIEW_LANGUAGE = 'en';
/** BCP 47 asks implementations to support tags of at least 35 characters; none in use is longer. */
export const MAX_LANGUAGE = 35;
/** Offered in the form (its datalist) and used to suggest a code for a typed name. */
export const COMMON_LANGUAGES = ['it', 'sv', 'en', 'de', 'fr', 'es', 'pt', 'nl', 'da', 'no', 'fi', 'pl'] as const;

const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** The English name of a tag ("Italian", "Swiss High German"), or the tag itself when unknown. */
export function languageName(tag: string): string {
  try {
    return names.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

const primary = (tag: string) => tag.split('-')[0]!.toLowerCase();

/** Whether a tag is the review's language, whatever its region or script ("en-GB" is). */
export function isReviewLanguage(tag: string): boolean {
  return primary(tag) === REVIEW_LANGUAGE;
}

/**
 * A typed language: '' or the review's language give '' (nothing to record), a plausible tag its
 * canonical form (well-formed BCP 47, and every part known: "it-XX" and "xx" are refused), anything
 * else a problem to show.
 */
export function excerptLanguage(value: string): { tag: string } | { problem: string } {
  const typed = value.trim();
  if (typed === '') return { tag: '' };
  const shown = typed.length > 40 ? `${typed.slice(0, 39)}…` : typed;
  const refused = () => {
    const named = COMMON_LANGUAGES.find((code) => languageName(code).toLowerCase() === typed.toLowerCase());
    return {
      problem: named
        ? `Write the language as its code: ${named} for ${languageName(named)}.`
        : `“${shown}” is not a language code Coreview knows: write a BCP 47 code such as it (Italian), sv (Swedish) or de (German).`,
    };
  };
  if (typed.length > MAX_LANGUAGE) return refused();
  let tag: string;
  try {
    tag = Intl.getCanonicalLocales(typed)[0]!;
  } catch {
    return refused();
  }
  let known: string | undefined;
  try {
    known = names.of(tag);
  } catch {
    known = undefined;
  }
  if (known === undefined) return refused();
  return { tag: isReviewLanguage(tag) ? '' : tag };
}
