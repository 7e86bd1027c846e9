/**
 * DOIs arrive as `10.1000/x`, `doi:10.1000/x`, `https://doi.org/10.1000/X`, `http://dx.doi.org/...`,
 * `{10.1000/x}`, percent-encoded, or buried in a note ("... doi: 10.1000/x. Epub 2015").
 * Stored form: lower case (DOIs are case-insensitive), no prefix, no trailing punctuation.
 */

// "&" ends a DOI: in practice it is the next parameter of a link resolver URL (...&doi=10.1/x&partnerID=...).
const DOI = /10\.\d{4,9}\/[^\s"<>{}&]+/;

/** The first DOI found in the value, normalised, or null when there is none. */
export function normaliseDoi(value: string | null | undefined): string | null {
  if (!value) return null;
  let text = value.replace(/[{}]/g, '');
  if (/%[0-9a-f]{2}/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // Not valid percent-encoding; read it as it is.
    }
  }
  const match = DOI.exec(text);
  return match ? trimTrailing(match[0]).toLowerCase() : null;
}

/** Sentence punctuation after a DOI is not part of it; a closing bracket is, when the DOI opened one. */
function trimTrailing(doi: string): string {
  let end = doi.length;
  for (;;) {
    const last = doi[end - 1];
    if (last === '.' || last === ',' || last === ';' || last === ':' || last === "'") end--;
    else if ((last === ')' || last === ']') && !balanced(doi.slice(0, end), last)) end--;
    else break;
  }
  return doi.slice(0, end);
}

function balanced(text: string, close: string): boolean {
  const open = close === ')' ? '(' : '[';
  let depth = 0;
  for (const c of text) {
    if (c === open) depth++;
    else if (c === close) depth--;
  }
  return depth >= 0;
}
