/**
 * "Author (Year)" labels for a set of studies, as a chapter cites them: one author "Maruna (2001)",
 * two "Maruna and Farrall (2004)", more "Maruna et al. (2004)"; no year "(n.d.)". Labels that would
 * repeat get a, b, c in the given order ("Weaver (2016a)", "Weaver (2016b)"), as APA and Harvard do.
 */
export interface Citable {
  id: number;
  authors: readonly string[];
  year: number | null;
}

/** The family name of "Family, Given" (or of an organisation written whole). */
export function familyName(author: string): string {
  const comma = author.indexOf(',');
  return (comma === -1 ? author : author.slice(0, comma)).trim();
}

function authorPart(authors: readonly string[]): string {
  const names = authors.map(familyName).filter((n) => n !== '');
  if (names.length === 0) return 'Anonymous';
  if (names.length === 1) return names[0]!;
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names[0]} et al.`;
}

/** Labels by study id; studies sharing author part and year get a suffix in the order given. */
export function citationLabels(studies: readonly Citable[]): Map<number, string> {
  const groups = new Map<string, Citable[]>();
  for (const study of studies) {
    const key = `${authorPart(study.authors)}\u0000${study.year ?? 'n.d.'}`;
    const group = groups.get(key);
    if (group) group.push(study);
    else groups.set(key, [study]);
  }
  const labels = new Map<number, string>();
  for (const group of groups.values()) {
    group.forEach((study, i) => {
      const suffix = group.length > 1 ? letters(i) : '';
      const year = study.year === null ? `n.d.${suffix ? `-${suffix}` : ''}` : `${study.year}${suffix}`;
      labels.set(study.id, `${authorPart(study.authors)} (${year})`);
    });
  }
  return labels;
}

/** a, b, … z, aa, ab, … */
function letters(index: number): string {
  let n = index;
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}
