import type { ComponentChildren } from 'preact';
import type { RecordGroup } from '../../src/dedup/record-group.js';
import type { RecordDetail, RecordEdit } from '../../src/records/record-queries.js';
import type { FullTextModel } from '../../src/fulltext/full-text-model.js';
import type { ScreeningHistoryModel } from '../../src/screening/screening-history.js';
import { FullTextPanel } from '../fulltext/full-text-panel.js';
import { ScreeningHistory } from '../screening/screening-history.js';
import type { ReviewNav } from '../layout.js';
import { Layout } from '../layout.js';
import { PostButton } from '../components/forms.js';
import type { PageContext } from '../page-context.js';
import { plainTitle, RecordTitle } from '../components/record-title.js';

export interface RecordDetailModel {
  review: ReviewNav;
  record: RecordDetail;
  listUrl: string;
  editUrl: string;
  importsUrl: string;
  /** Only links that are safe to follow: doi.org, PubMed, and http(s) URLs. */
  links: { doi: string | null; pubmed: string | null; web: string | null };
  typeLabel: string;
  sourceTypeLabel: string;
  edits: RecordEdit[];
  group: RecordGroup;
  csrfToken: string;
  /** Takes this record's work out of the study it was grouped into as a version. */
  separateUrl: string;
  /** Null where full text is closed to the viewer (blind title and abstract screening, visibility.ts). */
  fullText: FullTextModel | null;
  history: ScreeningHistoryModel;
  pdfLimitMb: number;
}

function Row({ label, children, show = true }: { label: string; children: ComponentChildren; show?: boolean }) {
  if (!show) return null;
  return (
    <div class="record-field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const missing = <span class="muted">—</span>;

/** Splits an abstract into paragraphs on blank lines; single line breaks stay (CSS pre-line). */
function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '');
}

function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** A duplicate points to its primary; a primary lists its duplicates and every search the work was found in. */
function WorkGroup({ model }: { model: RecordDetailModel }) {
  const { group, review } = model;
  const url = (id: number) => `/reviews/${review.slug}/records/${id}`;
  if (group.primary !== null) {
    return (
      <p class="alert alert-warn duplicate-of">
        This record is a duplicate of <a href={url(group.primary.id)}><RecordTitle title={group.primary.title} /></a>.
      </p>
    );
  }
  if (group.duplicates.length === 0) return null;
  return (
    <section class="record-group card" aria-labelledby="record-group-heading">
      <h2 id="record-group-heading">Same work, {group.duplicates.length === 1 ? '1 duplicate' : `${group.duplicates.length} duplicates`}</h2>
      <ul class="record-duplicates">
        {group.duplicates.map((d) => <li key={d.id}><a href={url(d.id)}><RecordTitle title={d.title} /></a></li>)}
      </ul>
      <p>Found in:</p>
      <ul class="work-sources">
        {group.sources.map((s) => <li key={s.recordId}><a href={url(s.recordId)}>{s.sourceName}</a> <span class="muted">({s.fileName})</span></li>)}
      </ul>
    </section>
  );
}

/** Versions of one work (a preprint and its article) stay separate records: reports of one study. */
function StudyReports({ model }: { model: RecordDetailModel }) {
  const { group, review } = model;
  if (group.reports.length === 0) return null;
  const others = group.reports.length === 1 ? '1 other report' : `${group.reports.length} other reports`;
  return (
    <section class="record-group card study-reports" aria-labelledby="study-reports-heading">
      <h2 id="study-reports-heading">One study, {others}</h2>
      <p class="hint">Confirmed as versions of one work: each is screened as a report, and PRISMA counts them as one study.</p>
      <ul>
        {group.reports.map((r) => <li key={r.id}><a href={`/reviews/${review.slug}/records/${r.id}`}><RecordTitle title={r.title} /></a></li>)}
      </ul>
      <PostButton
        action={model.separateUrl}
        csrfToken={model.csrfToken}
        label="Not the same study"
        confirm="Count this record as a study of its own, apart from the reports listed?"
      />
    </section>
  );
}

/** One record with every field, where it came from, its edit history and its text as imported. */
export function RecordDetailPage({ ctx, model }: { ctx: PageContext; model: RecordDetailModel }) {
  const { record, links } = model;
  const publication = [
    record.volume && `vol. ${record.volume}`,
    record.issue && `no. ${record.issue}`,
    record.pages && `pp. ${record.pages}`,
  ].filter(Boolean).join(', ');
  return (
    <Layout ctx={ctx} title={`${plainTitle(record.title).slice(0, 80)} · Records`} review={model.review}>
      <p class="breadcrumb"><a href={model.listUrl}>← Records</a></p>
      <div class="page-head">
        <h1 class="record-title"><RecordTitle title={record.title} /></h1>
        <a href={model.editUrl} class="button button-secondary">Edit record</a>
      </div>
      <WorkGroup model={model} />
      <StudyReports model={model} />
      <div class="record-detail">
        <section aria-labelledby="record-fields-heading">
          <h2 id="record-fields-heading" class="visually-hidden">Bibliographic details</h2>
          <dl class="record-fields">
            <Row label={record.authors.length === 1 ? 'Author' : 'Authors'}>
              {record.authors.length === 0 ? missing : (
                <ol class="record-authors">
                  {record.authors.map((author, index) => <li key={index}>{author}</li>)}
                </ol>
              )}
            </Row>
            <Row label="Year">{record.year ?? missing}</Row>
            <Row label="Journal or source">{record.journal || missing}</Row>
            <Row label="Volume, issue, pages" show={publication !== ''}>{publication}</Row>
            <Row label="DOI">
              {record.doi === null ? missing : links.doi ? <a href={links.doi} rel="noopener noreferrer">{record.doi}</a> : record.doi}
            </Row>
            <Row label="PMID" show={record.pmid !== null}>
              {links.pubmed ? <a href={links.pubmed} rel="noopener noreferrer">{record.pmid}</a> : record.pmid}
            </Row>
            <Row label="Web address" show={record.url !== null}>
              {links.web ? <a href={links.web} rel="noopener noreferrer nofollow" class="record-url">{record.url}</a> : (
                <span>{record.url} <span class="hint">(not a web link, so not clickable)</span></span>
              )}
            </Row>
            <Row label="Type">{model.typeLabel}</Row>
            <Row label="Language" show={record.language !== ''}>{record.language}</Row>
            <Row label="ISSN" show={record.issn !== ''}>{record.issn}</Row>
            <Row label="Publisher" show={record.publisher !== ''}>{record.publisher}</Row>
            <Row label="Keywords">
              {record.keywords.length === 0 ? missing : (
                <ul class="chips record-keywords">
                  {record.keywords.map((keyword, index) => <li key={index} class="chip">{keyword}</li>)}
                </ul>
              )}
            </Row>
          </dl>
        </section>

        <section aria-labelledby="record-abstract-heading">
          <h2 id="record-abstract-heading">Abstract</h2>
          {record.abstract === '' ? (
            <p class="empty">
              This record has no abstract. If you have it, <a href={`${model.editUrl}#f-abstract`}>paste it in</a>.
            </p>
          ) : (
            <div class="record-abstract">
              {paragraphs(record.abstract).map((paragraph, index) => <p key={index}>{paragraph}</p>)}
            </div>
          )}
        </section>

        <ScreeningHistory model={model.history} csrfToken={model.csrfToken} slug={model.review.slug} />
        {model.fullText && <FullTextPanel slug={model.review.slug} model={model.fullText} csrfToken={model.csrfToken} pdfLimitMb={model.pdfLimitMb} />}

        <section aria-labelledby="record-source-heading">
          <h2 id="record-source-heading">Found in</h2>
          <dl class="record-fields">
            <Row label="Search">
              {record.source.sourceName} <span class="badge">{model.sourceTypeLabel}</span>
            </Row>
            <Row label="Date searched">{record.source.searchedOn ?? missing}</Row>
            <Row label="Query" show={record.source.query !== ''}><code class="record-query">{record.source.query}</code></Row>
            <Row label="File">
              {record.source.fileName} <span class="muted">({record.source.format}, imported {when(record.source.importedAt)})</span>
            </Row>
            <Row label="Place in the file">
              Record {record.position.toLocaleString('en-GB')}, lines {record.lineStart.toLocaleString('en-GB')}–{record.lineEnd.toLocaleString('en-GB')}
            </Row>
          </dl>
          <p><a href={model.importsUrl}>All searches of this review</a></p>
        </section>

        <section aria-labelledby="record-history-heading">
          <h2 id="record-history-heading">Changes</h2>
          {model.edits.length === 0 ? (
            <p class="muted">Unchanged since it was imported on {when(record.createdAt)}.</p>
          ) : (
            <ul class="record-edits">
              {model.edits.map((edit) => (
                <li key={edit.id}>
                  {when(edit.at)}: {edit.actorName ?? 'someone'} changed {edit.fields.join(', ')}
                </li>
              ))}
            </ul>
          )}
          {model.review.isOwner && (
            <p><a href={`/reviews/${model.review.slug}/audit?record=${record.id}`}>Everything done to this record, in the review’s history</a></p>
          )}
        </section>

        <section aria-labelledby="record-raw-heading">
          <h2 id="record-raw-heading">As imported</h2>
          <p class="hint">The record's text exactly as it stood in the file.</p>
          <pre class="record-raw">{record.raw}</pre>
        </section>
      </div>
    </Layout>
  );
}
