import { bibtexFormat } from './formats/bibtex.js';
import { cslJsonFormat } from './formats/csl-json.js';
import { csvFormat, tsvFormat } from './formats/csv.js';
import { endnoteTaggedFormat } from './formats/endnote-tagged.js';
import { endnoteXmlFormat } from './formats/endnote-xml.js';
import { medlineFormat } from './formats/medline.js';
import { ovidFormat } from './formats/ovid.js';
import { pubmedXmlFormat } from './formats/pubmed-xml.js';
import { risFormat } from './formats/ris.js';
import { wosFormat } from './formats/wos.js';
import type { ImportFormat } from './import-format.js';

/**
 * Every format Coreview reads, in detection order: the unambiguous markers first (XML roots, JSON,
 * Ovid's "<1>"), then the tag lines (MEDLINE before RIS, because both write "TI  - " but only
 * MEDLINE has PMID-/OWN -/FAU -), then BibTeX's "@type{" (after them, since an abstract line may
 * start with "@Someone ("), EndNote's "%0" (after BibTeX, whose comments start with "%"), and
 * tables last (a header with a known column).
 */
export const FORMATS: readonly ImportFormat[] = [
  pubmedXmlFormat,
  endnoteXmlFormat,
  cslJsonFormat,
  ovidFormat,
  medlineFormat,
  risFormat,
  wosFormat,
  bibtexFormat,
  endnoteTaggedFormat,
  tsvFormat,
  csvFormat,
];
