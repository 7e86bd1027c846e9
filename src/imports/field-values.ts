/** Small normalisers for single reference fields, shared by every format. */

const YEAR = /(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)/;

/** The first plausible year (1500–2099) in a date-ish value: "2017 Nov 15", "2001/09/01/", "Jun2014". */
export function yearFrom(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const match = YEAR.exec(String(value));
  return match ? Number(match[1]) : null;
}

/** "1204--22", "1204–22" -> "1204-22"; a separate end page is appended when the start has none. */
export function pageRange(start: string | null | undefined, end?: string | null): string | null {
  const first = normaliseDashes(start ?? '');
  const last = normaliseDashes(end ?? '');
  if (!first) return last || null;
  return last && !first.includes('-') && last !== first ? `${first}-${last}` : first;
}

function normaliseDashes(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/ ?(?:--+|[‐‑‒–—]) ?/g, '-').trim();
}

const ISSN = /(?<![\dX])(\d{4})-?(\d{3}[\dXx])(?![\dX])/;

/** The first ISSN in the value as NNNN-NNNC; ISBNs and other identifiers give null. */
export function issnFrom(value: string | null | undefined): string | null {
  const match = value ? ISSN.exec(value) : null;
  return match ? `${match[1]}-${(match[2] ?? '').toUpperCase()}` : null;
}

/** A PubMed ID: "28441597", "PMID: 28441597". */
export function pmidFrom(value: string | null | undefined): string | null {
  const match = value ? /^\s*(?:PMID:?\s*)?(\d{1,9})\s*$/i.exec(value) : null;
  return match?.[1] ?? null;
}

/**
 * The first http(s) link among the candidates (a candidate may hold several, separated by spaces).
 * A candidate with no http(s) link in it (javascript:, file:, data:, "<Go to ISI>://...") is never a
 * link; each is reported once through `drop`.
 */
export function webUrl(candidates: readonly string[], drop: (value: string) => void): string | null {
  for (const candidate of candidates) {
    const link = candidate.split(/\s+/).find(isWebUrl);
    if (link) return link;
    if (candidate.trim() !== '') drop(candidate.trim());
  }
  return null;
}

function isWebUrl(token: string): boolean {
  try {
    const { protocol } = new URL(token);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Keywords one per separator: ";" when present (MeSH terms contain commas), else "," only when asked. */
export function splitKeywords(value: string, commas = false): string[] {
  const separator = value.includes(';') ? ';' : commas ? ',' : null;
  return separator ? value.split(separator) : [value];
}
