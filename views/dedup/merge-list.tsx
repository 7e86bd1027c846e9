import type { MergeGroup } from '../../src/dedup/dedup-queries.js';
import type { MergeReason } from '../../src/db/schema.js';
import { PostButton } from '../components/forms.js';
import { RecordTitle } from '../components/record-title.js';

const HOW: Record<MergeReason, string> = { automatic: 'Automatic', decision: 'Decided', primary: 'Primary changed' };

/**
 * Groups of records linked as one work, newest merge first, each listed once: its primary, its
 * duplicates (any can be made the primary), and the merges that made it, each of which can be undone.
 */
export function MergeList({ groups, base, slug, csrfToken }: { groups: MergeGroup[]; base: string; slug: string; csrfToken: string }) {
  if (groups.length === 0) return <p class="empty">No records are linked as duplicates yet.</p>;
  const recordLink = (m: { id: number; title: string }) => <a href={`/reviews/${slug}/records/${m.id}`}><RecordTitle title={m.title} /></a>;
  return (
    <table class="table merges">
      <thead>
        <tr>
          <th scope="col">Primary record</th>
          <th scope="col">Linked duplicates</th>
          <th scope="col">Merges</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => (
          <tr key={group.primary.id} data-group={group.primary.id}>
            <td>
              {recordLink(group.primary)}
              <span class="hint">{group.primary.source}</span>
            </td>
            <td>
              {group.duplicates.length === 0 ? (
                <span class="muted">None linked now.</span>
              ) : (
                <ul class="merge-members">
                  {group.duplicates.map((d) => (
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
            <td>
              <ul class="merge-events">
                {group.merges.map((merge) => (
                  <li key={merge.id} data-merge={merge.id} class="merge-how">
                    {HOW[merge.reason]}
                    <span class="hint">{merge.createdBy ? `${merge.createdBy}, ` : ''}{merge.createdAt.slice(0, 16).replace('T', ' ')}</span>
                    <PostButton action={`${base}/merges/${merge.id}/undo`} csrfToken={csrfToken} label="Undo">
                      Undo<span class="visually-hidden"> merge #{merge.id}</span>
                    </PostButton>
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
