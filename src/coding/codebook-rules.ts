/**
 * What a codebook may hold, in one place: the service, the JSON import and the forms all check
 * against these. Depth counts levels: a group (1) → a code (2) → a sub-code (3).
 */
export const MAX_DEPTH = 3;
export const MAX_CODES = 2000;
export const MAX_NAME = 200;
export const MAX_DESCRIPTION = 2000;
/** The largest codebook file accepted for import (2,000 codes with long descriptions fit). */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

const COLOUR = /^#[0-9a-f]{6}$/i;

/**
 * Where a code comes from, in best-fit framework synthesis: the a-priori framework the review
 * started from, or the data (a theme that emerged outside it). Codes are a-priori unless marked.
 */
export const CODE_ORIGINS = ['a_priori', 'emergent'] as const;
export type CodeOrigin = (typeof CODE_ORIGINS)[number];

export function isCodeOrigin(value: unknown): value is CodeOrigin {
  return typeof value === 'string' && (CODE_ORIGINS as readonly string[]).includes(value);
}

/** Calm colours for new groups, in the order they are offered; children start with their parent's. */
export const GROUP_PALETTE = ['#5b7db1', '#3f8f7f', '#b0793f', '#8a6aae', '#b05d6e', '#5f8a3d', '#3d7fa6', '#8c7a55'] as const;

/** The name as stored: whitespace collapsed and trimmed (NFC, so "é" typed two ways is one name). */
export function cleanName(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** How sibling names are compared: case, accents-as-typed and spacing do not make a new name. */
export function nameKey(name: string): string {
  return cleanName(name).normalize('NFKC').toLocaleLowerCase('en');
}

/** The description as stored: trimmed, line breaks kept (\r\n → \n). */
export function cleanDescription(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** A problem with a name, or null. */
export function nameProblem(name: string): string | null {
  if (name === '') return 'Give the code a name.';
  if (name.length > MAX_NAME) return `Keep the name under ${MAX_NAME} characters.`;
  return null;
}

export function descriptionProblem(description: string): string | null {
  return description.length > MAX_DESCRIPTION ? `Keep the description under ${MAX_DESCRIPTION.toLocaleString('en-GB')} characters.` : null;
}

/** #rrggbb in lower case, or null when the value is not one. */
export function normaliseColour(value: string): string | null {
  const trimmed = value.trim();
  return COLOUR.test(trimmed) ? trimmed.toLowerCase() : null;
}

export function isColour(value: string): boolean {
  return /^#[0-9a-f]{6}$/.test(value);
}

/** "1 code", "2,000 codes". */
export const times = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
