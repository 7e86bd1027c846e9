import { describe, expect, it } from 'vitest';
import { parseText, ris } from './parse-text.js';

// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR, as EBSCO's Criminal Justice Abstracts
// exports carry them inside titles and abstracts.
const LS = '\u2028';
const PS = '\u2029';

/** Each tagged format with the separators inside a title and an abstract. */
const EXPORTS: Record<string, string> = {
  ris: ris(`TI  - Desistance${LS}and work`, `AB  - First${PS}second`, 'AU  - Visher, Christy'),
  medline: ['PMID- 1', `TI  - Desistance${LS}and work`, `AB  - First${PS}second`, 'FAU - Visher, Christy', ''].join('\n'),
  wos: ['FN Clarivate Analytics Web of Science', 'VR 1.0', 'PT J', 'AU Visher, C', `TI Desistance${LS}and work`, `AB First${PS}second`, 'ER', '', 'EF'].join('\n'),
  'endnote-tagged': ['%0 Journal Article', `%T Desistance${LS}and work`, '%A Visher, Christy', `%X First${PS}second`, ''].join('\n'),
};

describe('line and paragraph separators inside values', () => {
  for (const [format, text] of Object.entries(EXPORTS)) {
    it(`${format}: the record keeps its title and abstract, the separators read as spaces, the raw text as written`, () => {
      const parsed = parseText(text);
      expect(parsed.format).toBe(format);
      expect(parsed.failures).toEqual([]);
      expect(parsed.records).toHaveLength(1);
      expect(parsed.records[0]!.reference).toMatchObject({ title: 'Desistance and work', abstract: 'First second' });
      expect(parsed.records[0]!.raw).toContain(LS);
    });
  }
});
