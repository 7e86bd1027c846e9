import { splitKeywords } from '../field-values.js';
import { cslTypeFromName } from '../reference-type.js';
import { asNode, child, list, textOf, xmlFormat } from './xml-records.js';

/** Every EndNote leaf may wrap its text in <style face=...> runs, so all of them are read as inline XML. */
const LEAVES = [
  'title', 'secondary-title', 'tertiary-title', 'full-title', 'abbr-1', 'author', 'pages', 'volume', 'number',
  'year', 'keyword', 'abstract', 'electronic-resource-num', 'url', 'isbn', 'publisher', 'language',
  'accession-num', 'remote-database-provider', 'pub-location', 'edition',
];

export const endnoteXmlFormat = xmlFormat({
  id: 'endnote-xml',
  label: 'EndNote XML',
  detect: (sample) => /<xml>\s*<records>\s*<record>/.test(sample) || /<records>\s*<record>\s*<database /.test(sample),
  recordElements: ['record'],
  markupElements: LEAVES,
  arrays: ['author', 'keyword', 'url'],
  build(record) {
    const typeName = asNode(child(record, 'ref-type'))['@name'];
    const cslType = typeof typeName === 'string' ? cslTypeFromName(typeName) : null;
    const text = (...path: string[]) => textOf(child(record, ...path));
    const provider = text('remote-database-provider') ?? '';
    return {
      cslType: cslType ?? 'document',
      title: text('titles', 'title'),
      authors: list(child(record, 'contributors', 'authors', 'author')).map((a) => textOf(a) ?? ''),
      year: text('dates', 'year'),
      journal: text('periodical', 'full-title') ?? text('titles', 'secondary-title'),
      volume: text('volume'),
      issue: text('number'),
      pages: text('pages'),
      doi: [text('electronic-resource-num')],
      pmid: /nlm|pubmed|medline/i.test(provider) ? text('accession-num') : null,
      abstract: text('abstract'),
      keywords: list(child(record, 'keywords', 'keyword')).flatMap((k) => splitKeywords(textOf(k) ?? '')),
      urls: list(child(record, 'urls', 'related-urls', 'url')).map((u) => textOf(u) ?? ''),
      language: text('language'),
      issn: text('isbn'),
      publisher: text('publisher'),
      csl: { 'publisher-place': text('pub-location') ?? undefined, edition: text('edition') ?? undefined },
    };
  },
});
