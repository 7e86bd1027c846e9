import { AUDIT_KINDS, type Sentence } from '../../src/audit/audit-sentences.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

/** One event as the page shows it: who, and what they did as a sentence. */
export interface AuditEntry {
  id: number;
  at: string;
  who: string;
  sentence: Sentence;
}

/** The filters as the form shows them ('' for any). */
export interface AuditFilterForm {
  actor: string;
  kind: string;
  record: string;
}

export interface AuditPageModel {
  path: string;
  entries: AuditEntry[];
  people: Array<{ value: string; label: string }>;
  form: AuditFilterForm;
  filtered: boolean;
  /** Where record numbers link to; null on the account history, which has no records. */
  recordsUrl: string | null;
  /** Link to the next (older) page with the same filters, when there is one. */
  olderUrl: string | null;
}

function SentenceText({ sentence, recordsUrl }: { sentence: Sentence; recordsUrl: string | null }) {
  return (
    <>
      {sentence.map((part) =>
        typeof part === 'string' ? part : recordsUrl ? <a href={`${recordsUrl}/${part.record}`}>#{part.record}</a> : `#${part.record}`,
      )}
    </>
  );
}

function Filters({ model }: { model: AuditPageModel }) {
  const { form } = model;
  return (
    <form method="get" action={model.path} class="inline-form audit-filters" role="search">
      <div class="field">
        <label for="f-actor">Person</label>
        <select id="f-actor" name="actor">
          <option value="">Everyone</option>
          {model.people.map((p) => (
            <option value={p.value} selected={p.value === form.actor}>{p.label}</option>
          ))}
        </select>
      </div>
      {model.recordsUrl && (
        <>
          <div class="field">
            <label for="f-kind">Kind of change</label>
            <select id="f-kind" name="kind">
              <option value="">All kinds</option>
              {Object.entries(AUDIT_KINDS).filter(([kind]) => kind !== 'accounts').map(([kind, label]) => (
                <option value={kind} selected={kind === form.kind}>{label}</option>
              ))}
            </select>
          </div>
          <div class="field field-narrow">
            <label for="f-record">Record</label>
            <input id="f-record" name="record" inputMode="numeric" placeholder="#102" value={form.record ? `#${form.record}` : ''} size={8} />
          </div>
        </>
      )}
      <div>
        <button type="submit" class="button-secondary">Show</button>
        {model.filtered && <> <a href={model.path}>Show everything</a></>}
      </div>
    </form>
  );
}

export function AuditPage({ ctx, model, review }: { ctx: PageContext; model: AuditPageModel; review?: ReviewNav }) {
  return (
    <Layout ctx={ctx} title={review ? `History · ${review.title}` : 'Audit history'} review={review}>
      <h1>{review ? 'History' : 'Audit history'}</h1>
      <p class="lede">
        {review
          ? 'Every change to this review, newest first. Nothing here can be edited or deleted. Each reviewer’s screening decisions are kept with the record, in its screening history.'
          : 'Account changes across this Coreview, newest first.'}
      </p>
      <Filters model={model} />
      {model.recordsUrl && model.form.record && (
        <p class="hint">
          The screening decisions on #{model.form.record} are in <a href={`${model.recordsUrl}/${model.form.record}`}>its screening history</a>.
        </p>
      )}
      {model.entries.length === 0 ? (
        <p class="empty">{model.filtered ? 'Nothing recorded matches these filters.' : 'Nothing recorded yet.'}</p>
      ) : (
        <table class="table audit">
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {model.entries.map((e) => (
              <tr key={e.id}>
                <td><time dateTime={e.at}>{e.at.replace('T', ' ').slice(0, 19)}</time></td>
                <td><strong>{e.who}</strong> <SentenceText sentence={e.sentence} recordsUrl={model.recordsUrl} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {model.olderUrl && <p><a href={model.olderUrl}>Older entries</a></p>}
    </Layout>
  );
}
