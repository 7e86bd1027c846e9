import type { MergeSummary } from '../../src/dedup/dedup-queries.js';
import type { MergeReason } from '../../src/db/schema.js';
import { PostButton } from '../components/forms.js';
import { RecordTitle } from '../components/record-title.js';

const HOW: Record<MergeReason, string> = { automatic: 'Automatic', decision: 'Decided', primary: 'Primary changed' };

/** Merges still in effect, newest first: each can be undone, and any duplicate made its group's primary. */
export function MergeList({ merges, base, slug, csrfToken }: { merges: MergeSummary[]; base: string; slug: string; csrfToken: string }) {
  if (merges.length === 0) return <p class="empty">No records are linked as duplicates yet.</p>;
  const recordLink = (m: { id: number; title: string }) => <a href={`/reviews/${slug}/records/${m.id}`}><RecordTitle title={m.title} /></a>;
  return (
    <table class="table merges">
      <thead>
        <tr>
          <th scope="col">Merge</th>
          <th scope="col">Primary record</th>
          <th scope="col">Linked duplicates</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {merges.map((merge) => (
          <tr key={merge.id} data-merge={merge.id}>
            <td class="merge-how">
              {HOW[merge.reason]}
              <span class="hint">{merge.createdBy ? `${merge.createdBy}, ` : ''}{merge.createdAt.slice(0, 16).replace('T', ' ')}</span>
            </td>
            <td>
              {recordLink(merge.primary)}
              <span class="hint">{merge.primary.source}</span>
            </td>
            <td>
              {merge.duplicates.length === 0 ? (
                <span class="muted">Now part of a later merge.</span>
              ) : (
                <ul class="merge-members">
                  {merge.duplicates.map((d) => (
                    <li key={d.id}>
                      {recordLink(d)}
                      <span class="hint">{d.source}</span>
                      <PostButton action={`${base}/records/${d.id}/primary`} csrfToken={csrfToken} label="Make primary" class="button-icon">
                        Make primary<span class="visually-hidden"> (record #{d.id})</span>
                      </PostButton>
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td class="actions">
              <PostButton action={`${base}/merges/${merge.id}/undo`} csrfToken={csrfToken} label="Undo">
                Undo<span class="visually-hidden"> merge #{merge.id}</span>
              </PostButton>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
