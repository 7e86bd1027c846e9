/**
 * Code colours under a CSP that forbids style attributes: each review gets a small generated
 * stylesheet (GET /reviews/:slug/coding/colours.css) with one class per code,
 *
 *   .code-c12 { --code: #5b7db1; --code-ink: #ffffff; }
 *
 * and app.css styles chips, swatches and tags from those two variables. Chosen over a fixed
 * palette of classes because colours arrive from imported files and a colour picker: any #rrggbb
 * survives an export → import round trip unchanged. The stylesheet is built only from values that
 * pass the #rrggbb check here (again, whatever the database holds) and from integer ids, so nothing
 * else can reach CSS. Pages link it with a version (a hash of the colours), so a recoloured code
 * shows at once and an unchanged codebook is served from the browser's cache.
 */
import { createHash } from 'node:crypto';
import { isColour } from './codebook-rules.js';

export interface ColouredCode {
  id: number;
  colour: string;
}

/** The class that carries a code's colour. */
export function codeClass(id: number): string {
  return `code-c${id}`;
}

function channel(hex: string): number {
  const c = parseInt(hex, 16) / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of #rrggbb. */
export function luminance(colour: string): number {
  return 0.2126 * channel(colour.slice(1, 3)) + 0.7152 * channel(colour.slice(3, 5)) + 0.0722 * channel(colour.slice(5, 7));
}

const DARK_INK = '#1f2933';

/** White or dark text on the colour, whichever reads better (contrast ratio). */
export function inkOn(colour: string): string {
  const l = luminance(colour);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (luminance(DARK_INK) + 0.05);
  return onWhite >= onDark ? '#ffffff' : DARK_INK;
}

export function colourStylesheet(codes: readonly ColouredCode[]): string {
  const rules = codes
    .filter((c) => Number.isSafeInteger(c.id) && isColour(c.colour))
    .map((c) => `.${codeClass(c.id)}{--code:${c.colour};--code-ink:${inkOn(c.colour)}}`);
  return `/* Code colours, generated from the codebook. */\n${rules.join('\n')}\n`;
}

/** A short hash of the colours, for the stylesheet's address. */
export function colourVersion(codes: readonly ColouredCode[]): string {
  return createHash('sha256').update(codes.map((c) => `${c.id}:${c.colour}`).join(',')).digest('hex').slice(0, 12);
}
