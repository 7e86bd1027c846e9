import type { DedupRecord } from '../../../src/dedup/dedup-record.js';

/** A complete journal article; tests change only the fields they are about. */
export function makeRecord(id: number, fields: Partial<DedupRecord> = {}): DedupRecord {
  return {
    id,
    title: 'Desistance from crime among members of social co-operatives in Italy',
    authors: ['Rossi, Maria', 'Bianchi, Luca'],
    year: 2019,
    journal: 'British Journal of Criminology',
    volume: '59',
    issue: '4',
    pages: '811-830',
    doi: '10.1093/bjc/azy001',
    pmid: null,
    type: 'journal-article',
    ...fields,
  };
}
