import type { CslName } from '../names.js';
import { pageRange } from '../field-values.js';
import { cslTypeFromPubMed } from '../reference-type.js';
import { asNode, child, list, textOf, xmlFormat, type XmlNode } from './xml-records.js';

function author(value: unknown): CslName | null {
  const node = asNode(value);
  const collective = textOf(node['CollectiveName']);
  if (collective) return { literal: collective };
  const family = textOf(node['LastName']);
  const given = textOf(node['ForeName']) ?? textOf(node['Initials']);
  return family ? (given ? { family, given } : { family }) : null;
}

/** Structured abstracts keep their section labels: "BACKGROUND: ...", one paragraph each. */
function abstractOf(abstract: unknown): string {
  return list(child(abstract, 'AbstractText'))
    .map((part) => {
      const label = typeof part === 'object' && part !== null ? (part as XmlNode)['@Label'] : undefined;
      // Layout whitespace in XML means nothing; each AbstractText is one paragraph.
      const text = (textOf(part) ?? '').replace(/\s+/g, ' ').trim();
      return typeof label === 'string' && label !== '' && label.toUpperCase() !== 'UNLABELLED' ? `${label}: ${text}` : text;
    })
    .join('\n\n');
}

function idOfType(ids: unknown[], attribute: string, type: string): string | null {
  const found = ids.find((id) => asNode(id)[attribute] === type);
  return found === undefined ? null : textOf(found);
}

function yearOf(date: unknown): string | null {
  return textOf(child(date, 'Year')) ?? textOf(child(date, 'MedlineDate'));
}

export const pubmedXmlFormat = xmlFormat({
  id: 'pubmed-xml',
  label: 'PubMed XML',
  detect: (sample) => /<(?:PubmedArticleSet|PubmedArticle|PubmedBookArticle)[\s>]/.test(sample),
  recordElements: ['PubmedArticle', 'PubmedBookArticle'],
  markupElements: ['ArticleTitle', 'VernacularTitle', 'BookTitle', 'AbstractText', 'Keyword'],
  arrays: ['Author', 'AuthorList', 'AbstractText', 'Keyword', 'KeywordList', 'MeshHeading', 'ELocationID', 'ArticleId', 'PublicationType', 'Language'],
  build(record, element) {
    const ids = list(child(record, 'PubmedData', 'ArticleIdList', 'ArticleId'));
    const keywords = (root: unknown) => [
      ...list(child(root, 'KeywordList')).flatMap((kl) => list(asNode(kl)['Keyword']).map(textOf)),
      ...list(child(root, 'MeshHeadingList', 'MeshHeading')).map((mh) => textOf(asNode(mh)['DescriptorName'])),
    ].filter((k): k is string => k !== null);

    if (element === 'PubmedBookArticle') {
      const doc = child(record, 'BookDocument');
      const chapter = textOf(child(doc, 'ArticleTitle'));
      const authorLists = list(child(doc, 'AuthorList'));
      const authors = authorLists.find((l) => asNode(l)['@Type'] !== 'editors') ?? authorLists[0];
      return {
        cslType: chapter ? 'chapter' : 'book',
        title: chapter ?? textOf(child(doc, 'Book', 'BookTitle')),
        authors: list(child(authors, 'Author')).map(author).filter((a): a is CslName => a !== null),
        year: yearOf(child(doc, 'Book', 'PubDate')),
        journal: chapter ? textOf(child(doc, 'Book', 'BookTitle')) : null,
        doi: [idOfType(ids, '@IdType', 'doi')],
        pmid: textOf(child(doc, 'PMID')),
        abstract: abstractOf(child(doc, 'Abstract')),
        keywords: keywords(doc),
        language: textOf(child(doc, 'Language')),
        publisher: textOf(child(doc, 'Book', 'Publisher', 'PublisherName')),
      };
    }

    const citation = child(record, 'MedlineCitation');
    const article = child(citation, 'Article');
    const journal = child(article, 'Journal');
    const issue = child(journal, 'JournalIssue');
    const types = list(child(article, 'PublicationTypeList', 'PublicationType')).map((t) => textOf(t) ?? '');
    return {
      cslType: cslTypeFromPubMed(types),
      title: textOf(child(article, 'ArticleTitle')) ?? textOf(child(article, 'VernacularTitle')),
      authors: list(child(article, 'AuthorList', 'Author')).map(author).filter((a): a is CslName => a !== null),
      year: yearOf(child(issue, 'PubDate')) ?? yearOf(child(article, 'ArticleDate')),
      journal: textOf(child(journal, 'Title')) ?? textOf(child(journal, 'ISOAbbreviation')),
      volume: textOf(child(issue, 'Volume')),
      issue: textOf(child(issue, 'Issue')),
      pages: textOf(child(article, 'Pagination', 'MedlinePgn')) ?? pageRange(textOf(child(article, 'Pagination', 'StartPage')), textOf(child(article, 'Pagination', 'EndPage'))),
      doi: [idOfType(list(child(article, 'ELocationID')), '@EIdType', 'doi'), idOfType(ids, '@IdType', 'doi')],
      pmid: textOf(child(citation, 'PMID')),
      abstract: abstractOf(child(article, 'Abstract')),
      keywords: keywords(citation),
      language: textOf(child(article, 'Language')),
      issn: textOf(child(journal, 'ISSN')),
    };
  },
});
