/**
 * The first page, comparable across sources: "213--238" → "213", "e0123" → "123" (electronic
 * article numbers with and without their "e"), "S12-S19" → "s12"; null for "N.PAG", "np" and
 * other non-pages.
 */
export function firstPage(pages: string | null): string | null {
  const match = /^\s*(?:[ep](?=\d))?0*([a-z]?\d+)/i.exec(pages ?? '');
  return match?.[1]?.toLowerCase() ?? null;
}

/**
 * The page range written out in full, so ranges abbreviated by some sources compare equal:
 * "123-35" → "123-135", "1203-4" → "1203-1204", "213--238" → "213-238". Null without a first page.
 */
export function pageRange(pages: string | null): string | null {
  const first = firstPage(pages);
  if (first === null) return null;
  const last = /[-–—]+\s*[ep]?0*(\d+)\s*$/i.exec(pages ?? '')?.[1];
  if (last === undefined) return first;
  const digits = /\d+$/.exec(first)?.[0] ?? '';
  const full = last.length < digits.length ? digits.slice(0, digits.length - last.length) + last : last;
  return full === digits ? first : `${first}-${full}`;
}
