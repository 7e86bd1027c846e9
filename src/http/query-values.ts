/** Lenient readers of query-string values: what makes no sense reads as absent, never as an error. */

/** The first value of a query parameter given once or repeated, '' when absent or not text. */
export function firstValue(value: unknown): string {
  if (Array.isArray(value)) return firstValue(value[0]);
  return typeof value === 'string' ? value : '';
}

/** A whole number from 1 to 999,999,999, or null. */
export function positiveInt(text: string): number | null {
  if (!/^\d{1,9}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n > 0 ? n : null;
}
