import type { ScreeningCard } from '../../src/screening/screening-card.js';
import { RecordTitle } from '../components/record-title.js';
import { MarkedParagraphs, MarkedText } from './marked-text.js';

const MAX_AUTHORS = 12;

/** The record as a reviewer reads it: title, authors, where it was published and found, abstract, keywords. */
export function RecordCard({ card, slug }: { card: ScreeningCard; slug: string }) {
  const { record } = card;
  const authors = record.authors.length > MAX_AUTHORS ? [...record.authors.slice(0, MAX_AUTHORS), `and ${record.authors.length - MAX_AUTHORS} more`] : record.authors;
  return (
    <article class="screen-record" aria-labelledby="screen-title">
      <p class="screen-meta">
        {[record.year, record.journal].filter(Boolean).join(' · ')}
        {record.doi && <span class="muted"> · doi:{record.doi}</span>}
      </p>
      <h2 id="screen-title" class="screen-title">{record.title === '' ? <RecordTitle title="" /> : <MarkedText segments={record.titleMarks} />}</h2>
      {authors.length > 0 && <p class="screen-authors">{authors.join('; ')}</p>}
      <div class="screen-abstract">
        {record.abstractMarks.length > 0 ? <MarkedParagraphs segments={record.abstractMarks} /> : <p class="empty">No abstract in the imported record.</p>}
      </div>
      {record.keywords.length > 0 && (
        <ul class="chips screen-keywords" aria-label="Keywords">
          {record.keywords.map((k, i) => <li key={i} class="chip">{k}</li>)}
        </ul>
      )}
      <p class="screen-source muted">
        Found in {record.source} · <a href={`/reviews/${slug}/records/${record.id}`}>record #{record.id}</a>
      </p>
    </article>
  );
}
