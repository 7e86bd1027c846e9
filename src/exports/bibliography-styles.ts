/** The citation styles a bibliography is formatted in (citation-js templates), by id. */
export const BIBLIOGRAPHY_STYLES = {
  apa: { label: 'APA 7th edition', template: 'apa', lang: 'en-US' },
  harvard: { label: 'Harvard (Cite Them Right)', template: 'harvard-cite-them-right', lang: 'en-GB' },
} as const;

export type BibliographyStyleId = keyof typeof BIBLIOGRAPHY_STYLES;

export function isBibliographyStyle(value: string): value is BibliographyStyleId {
  return Object.hasOwn(BIBLIOGRAPHY_STYLES, value);
}
