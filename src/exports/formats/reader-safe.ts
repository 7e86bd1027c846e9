/**
 * Every Coreview reader decodes HTML character references once (src/imports/text.ts,
 * `decodeEntities`), because real exports are full of "&amp;". Text that itself holds something
 * entity-like ("&amp;" written out, "&#60;") is written with its "&" as "&amp;", so one decoding
 * gives it back. Ordinary text ("Smith & Jones", "R&D;") is left alone.
 */
const ENTITY_LIKE = /&(?=#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)/g;

export function protectEntities(text: string): string {
  return text.includes('&') ? text.replace(ENTITY_LIKE, '&amp;') : text;
}
