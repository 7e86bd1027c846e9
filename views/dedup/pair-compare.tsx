import type { ComponentChildren } from 'preact';
import type { PairRecord, QueuePair } from '../../src/dedup/dedup-queries.js';
import type { CompareField } from '../../src/dedup/differing-fields.js';
import { typeLabel } from '../../src/records/record-types.js';
import { RecordTitle } from '../components/record-title.js';

const ABSTRACT_START = 320;

const missing = <span class="muted">—</span>;

function publication(r: PairRecord): string {
  return [r.volume && `vol. ${r.volume}`, r.issue && `no. ${r.issue}`, r.pages && `pp. ${r.pages}`].filter(Boolean).join(', ');
}

function abstractStart(text: string): string {
  return text.length > ABSTRACT_START ? `${text.slice(0, ABSTRACT_START).trimEnd()}…` : text;
}

interface Row {
  label: string;
  /** The compared fields this row shows: highlighted when detection found them different. */
  fields: CompareField[];
  value: (r: PairRecord) => ComponentChildren;
}

const ROWS: Row[] = [
  { label: 'Title', fields: ['title'], value: (r) => <strong><RecordTitle title={r.title} /></strong> },
  { label: 'Authors', fields: ['authors'], value: (r) => r.authors.join('; ') || missing },
  { label: 'Year', fields: ['year'], value: (r) => r.year ?? missing },
  // A working paper and its article share title, authors and often year: type, publisher and note tell them apart.
  { label: 'Type', fields: ['type'], value: (r) => (r.type ? typeLabel(r.type) : missing) },
  { label: 'Journal', fields: ['journal'], value: (r) => r.journal || missing },
  { label: 'Publisher', fields: [], value: (r) => r.publisher || missing },
  { label: 'Volume, issue, pages', fields: ['volume', 'issue', 'pages'], value: (r) => publication(r) || missing },
  { label: 'DOI', fields: ['doi'], value: (r) => r.doi ?? missing },
  { label: 'PMID', fields: ['pmid'], value: (r) => r.pmid ?? missing },
  { label: 'Note', fields: [], value: (r) => r.note || missing },
  { label: 'Source search', fields: [], value: (r) => r.source },
  { label: 'Abstract', fields: [], value: (r) => (r.abstract ? <span class="pair-abstract">{abstractStart(r.abstract)}</span> : missing) },
];

/** Both records of a pair side by side, one row per field; rows that differ are marked (not by colour alone). */
export function PairCompare({ pair, slug }: { pair: QueuePair; slug: string }) {
  const recordUrl = (id: number) => `/reviews/${slug}/records/${id}`;
  return (
    <table class="pair-compare">
      <thead>
        <tr>
          <th scope="col"><span class="visually-hidden">Field</span></th>
          <th scope="col">Record <a href={recordUrl(pair.a.id)}>#{pair.a.id}</a></th>
          <th scope="col">Record <a href={recordUrl(pair.b.id)}>#{pair.b.id}</a></th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map((row) => {
          const differs = row.fields.some((f) => pair.differing.includes(f));
          return (
            <tr key={row.label} class={differs ? 'differs' : undefined}>
              <th scope="row">
                {row.label}
                {differs && <span class="badge badge-warn">differs</span>}
              </th>
              <td>{row.value(pair.a)}</td>
              <td>{row.value(pair.b)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
