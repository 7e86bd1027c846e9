import { latexToUnicode } from '../latex.js';
import type { CslName } from '../names.js';

/**
 * BibTeX name lists: "and" between names at brace depth 0; each name is "First von Last",
 * "von Last, First" or "von Last, Jr, First"; a fully braced name ({World Health Organization})
 * is an organisation. A single linear scan (a 400 KB author field is just a long loop).
 */
export function parseBibtexNames(raw: string): CslName[] {
  const names: CslName[] = [];
  let parts: string[][] = [[]];
  let depth = 0;
  let wordStart = -1;
  const endName = () => {
    const name = toName(parts.filter((p, i) => p.length > 0 || i < parts.length - 1));
    if (name) names.push(name);
    parts = [[]];
  };
  const endWord = (end: number) => {
    if (wordStart === -1) return;
    const word = raw.slice(wordStart, end);
    wordStart = -1;
    if (word.toLowerCase() === 'and') endName();
    else parts.at(-1)?.push(word);
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c === '\\') {
      // A command's next character (\~n, \,) is part of the word, never a separator.
      if (wordStart === -1) wordStart = i;
      i++;
      continue;
    }
    if (depth === 0 && (c === ' ' || c === '\t' || c === '\n' || c === '~' || c === ',')) {
      endWord(i);
      if (c === ',') parts.push([]);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    if (wordStart === -1) wordStart = i;
  }
  endWord(raw.length);
  endName();
  return names;
}

function toName(parts: string[][]): CslName | null {
  const [first = [], second = [], ...rest] = parts;
  if (first.length === 0 && second.length === 0) return null;
  if (parts.length === 1 && first.length === 1 && first[0]?.toLowerCase() === 'others') return null;
  const only = first[0] ?? '';
  if (parts.length === 1 && first.length === 1 && only.startsWith('{') && only.endsWith('}')) {
    return { literal: text([only.slice(1, -1)]) };
  }
  if (parts.length === 1) return firstVonLast(first);
  const name = vonLast(first);
  const given = parts.length === 2 ? second : rest.flat();
  if (given.length > 0) name.given = text(given);
  if (parts.length > 2 && second.length > 0) name.suffix = text(second);
  return name;
}

function firstVonLast(words: string[]): CslName {
  const last = words.length - 1;
  const vonStart = words.findIndex((w, i) => i < last && isLowerCase(w));
  if (vonStart === -1) {
    return last === 0 ? { family: text(words) } : { family: text(words.slice(last)), given: text(words.slice(0, last)) };
  }
  let vonEnd = vonStart;
  for (let i = vonStart; i < last; i++) if (isLowerCase(words[i] ?? '')) vonEnd = i;
  return withGiven(
    { family: text(words.slice(vonEnd + 1)), 'non-dropping-particle': text(words.slice(vonStart, vonEnd + 1)) },
    text(words.slice(0, vonStart)),
  );
}

function vonLast(words: string[]): CslName {
  let von = 0;
  while (von < words.length - 1 && isLowerCase(words[von] ?? '')) von++;
  const name: CslName = { family: text(words.slice(von)) };
  if (von > 0) name['non-dropping-particle'] = text(words.slice(0, von));
  return name;
}

const withGiven = (name: CslName, given: string): CslName => (given ? { ...name, given } : name);

/** A von particle starts lower case; a word in braces that is not a special character ({\'e}) has no case. */
function isLowerCase(word: string): boolean {
  if (word.startsWith('{') && !word.startsWith('{\\')) return false;
  const letter = /\p{L}/u.exec(latexToUnicode(word))?.[0];
  return letter !== undefined && letter === letter.toLowerCase() && letter !== letter.toUpperCase();
}

const text = (words: string[]) => latexToUnicode(words.join(' ')).replace(/\s+/g, ' ').trim();
