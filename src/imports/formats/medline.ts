import type { ImportFormat } from '../import-format.js';
import type { ReferenceDraft } from '../reference.js';
import { splitKeywords } from '../field-values.js';
import { cslTypeFromPubMed } from '../reference-type.js';
import { fieldTexts, firstText, type TaggedDialect, type TaggedField } from '../tagged-lines.js';
import { readTaggedRecords } from './tagged-format.js';

const MEDLINE_DIALECT: TaggedDialect = {
  // Tags are up to four characters, padded to four, then "- ": "PMID- ", "TI  - ", "OWN - ".
  tagLine: /^([A-Z][A-Z0-9]{1,3}) {0,2}- ?(.*)$/s,
  isStartTag: (tag) => tag === 'PMID',
  startAlwaysSplits: false,
  blankLineEndsRecord: true,
};

/**
 * Title TI (or BTI for books, TT transliterated as a fallback); authors FAU (full names), else AU, plus
 * CN collective names; DOI from LID/AID values marked [doi] or written as doi.org links, else the
 * "doi:" in SO; keywords OT then MH. Wrapped lines join with spaces.
 */
function buildMedline(fields: TaggedField[]): ReferenceDraft {
  const text = (...tags: string[]) => firstText(fields, tags, true);
  const values = (...tags: string[]) => fieldTexts(fields, tags, true);
  const ids = values('LID', 'AID');
  const fullNames = values('FAU');
  return {
    cslType: cslTypeFromPubMed(values('PT')),
    title: text('TI', 'BTI', 'TT'),
    authors: [...(fullNames.length > 0 ? fullNames : values('AU')), ...values('CN').map((literal) => ({ literal }))],
    year: text('DP', 'DEP'),
    journal: text('JT', 'TA', 'BTI'),
    volume: text('VI'),
    issue: text('IP'),
    pages: text('PG'),
    doi: [
      ...ids.filter((id) => /\[doi\]$/i.test(id)),
      ...ids.filter((id) => /doi\.org\//i.test(id)),
      /\bdoi:?\s*(10\.\d{4,9}\/\S+)/i.exec(text('SO') ?? '')?.[1],
    ],
    pmid: text('PMID'),
    abstract: values('AB').join('\n\n'),
    keywords: values('OT', 'MH').flatMap((k) => splitKeywords(k)),
    urls: ids.filter((id) => /^https?:\/\//i.test(id) && !/doi\.org\//i.test(id)),
    language: text('LA'),
    issn: text('IS', 'ISSN'),
    publisher: text('PB'),
  };
}

export const medlineFormat: ImportFormat = {
  id: 'medline',
  label: 'PubMed MEDLINE (nbib)',
  // "PMID- 1", and "PMID-1" without the space, as PubMed's own readers (and JabRef's) take it.
  detect: (sample) => /^(?:PMID|OWN |FAU |STAT)- ?\S/m.test(sample) && !/^TY {1,2}-/m.test(sample),
  parse(text, out) {
    readTaggedRecords(text, MEDLINE_DIALECT, out, (record) => buildMedline(record.fields));
  },
};
