/**
 * What a blind reviewer can ask for, and how two runs' answers are compared, for the tests that
 * show blind screening leaks nothing (test/routes/blind-visibility.test.ts, test/e2e/blind-screening.test.ts):
 * two reviews identical but for another reviewer's decisions must answer alike, byte for byte, once
 * what legitimately differs is set aside.
 */

/** Per-request tokens, clock times, and ids numbered across the instance (history events): the same in substance, different in bytes. */
export function normaliseAnswer(body: string): string {
  return body
    .replace(/(name="(?:_csrf|_once|shown)"\s+value=")[^"]*"/g, '$1…"')
    .replace(/(x-csrf-token&quot;:&quot;)[^&]*/g, '$1…')
    .replace(/(screening-event-|\/screening\/events\/)\d+/g, '$1N')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'T')
    .replace(/\b\d\d:\d\d(:\d\d)?\b/g, 'hh:mm');
}

/**
 * Every page, list filter, record page, fragment, download and count a member can ask for about a
 * review's screening and what follows from it, under /reviews/:slug (`base`).
 */
export function probedPages(base: string, records: readonly number[], otherReviewer: number): string[] {
  const ta = `${base}/screening/title-abstract`;
  const ft = `${base}/screening/full-text`;
  return [
    base,
    ta,
    ft,
    `${ta}/conflicts`,
    `${ft}/conflicts`,
    `${base}/screening/agreement`,
    `${base}/screening/agreement.csv`,
    `${base}/prisma`,
    `${base}/prisma.csv`,
    `${base}/prisma-1.1.1.csv`,
    `${base}/prisma.svg`,
    `${base}/records`,
    `${base}/records?decision=include`,
    `${base}/records?decision=exclude`,
    `${base}/records?reviewer=any&decision=include`,
    `${base}/records?reviewer=${otherReviewer}&decision=decided`,
    `${base}/records?outcome=include`,
    `${base}/records?outcome=exclude`,
    `${base}/records?conflict=1`,
    `${base}/records?stage=full-text`,
    `${base}/records?stage=full-text&decision=undecided`,
    `${base}/exports`,
    `${base}/exports/download?format=csv&set=all`,
    `${base}/exports/download?format=ris&set=included`,
    `${base}/exports/download?format=csv&set=excluded`,
    `${base}/exports/bibliography?style=apa&format=txt`,
    `${base}/coding`,
    `${base}/coding/agreement.csv`,
    `${base}/appraisal`,
    `${base}/synthesis`,
    `${base}/synthesis/chart`,
    `${base}/synthesis/chart/studies`,
    `${base}/synthesis/chart.xlsx`,
    `${base}/findings`,
    `${base}/findings/new`,
    `${base}/findings/soqf.xlsx`,
    `${base}/characteristics/included.docx`,
    `${base}/characteristics/excluded.xlsx`,
    ...records.flatMap((id) => [`${ta}?record=${id}`, `${ft}?record=${id}`, `${base}/records/${id}`, `${base}/records/${id}/screening-history`, `${base}/records/${id}/full-text`, `${base}/coding/studies/${id}/pass`, `${base}/appraisal/studies/${id}`]),
  ];
}
