import type { AuditView } from '../../src/audit/audit-queries.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

interface AuditPageProps {
  ctx: PageContext;
  events: AuditView[];
  /** Link to the next (older) page, when there is one. */
  olderUrl: string | null;
  review?: ReviewNav;
}

export function AuditPage({ ctx, events, olderUrl, review }: AuditPageProps) {
  return (
    <Layout ctx={ctx} title={review ? `History · ${review.title}` : 'Audit history'} review={review}>
      <h1>{review ? 'History' : 'Audit history'}</h1>
      <p class="lede">
        {review ? 'Every change to this review, newest first. Nothing here can be edited or deleted.' : 'Account changes across this Coreview, newest first.'}
      </p>
      {events.length === 0 ? (
        <p class="empty">Nothing recorded yet.</p>
      ) : (
        <table class="table audit">
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td><time dateTime={e.at}>{e.at.replace('T', ' ').slice(0, 19)}</time></td>
                <td>{e.actorName ?? 'command line'}</td>
                <td><code>{e.action}</code>{e.entityId && <span class="muted"> #{e.entityId}</span>}</td>
                <td><code class="json">{e.before ?? ''}</code></td>
                <td><code class="json">{e.after ?? ''}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {olderUrl && <p><a href={olderUrl}>Older entries</a></p>}
    </Layout>
  );
}
