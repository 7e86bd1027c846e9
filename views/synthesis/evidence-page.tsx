import type { EvidenceSummary } from '../../src/synthesis/evidence.js';
import { pageLocation } from '../../src/synthesis/export-text.js';
import { RecordTitle } from '../components/record-title.js';
import { Layout, type ReviewNav } from '../layout.js';
import type { PageContext } from '../page-context.js';

/** Per code: which studies carry it, and the excerpts that show it. */
export function EvidencePage({ ctx, review, evidence, base }: { ctx: PageContext; review: ReviewNav; evidence: EvidenceSummary; base: string }) {
  const { code } = evidence;
  return (
    <Layout ctx={ctx} title={`${code.name} · Evidence`} review={review}>
      <p class="breadcrumb"><a href={base}>← Synthesis</a></p>
      <h1>{code.name}</h1>
      {code.path.length > 1 && <p class="muted">{code.path.slice(0, -1).join(' › ')}</p>}
      {code.description && <p class="lede">{code.description}</p>}
      <p>
        {evidence.studies.length} {evidence.studies.length === 1 ? 'study' : 'studies'}, {evidence.excerptCount} {evidence.excerptCount === 1 ? 'excerpt' : 'excerpts'}
        {evidence.subCodes.length > 0 && <> · sub-codes: {evidence.subCodes.map((s, i) => <span key={s.id}>{i > 0 && ', '}<a href={`${base}/codes/${s.id}`}>{s.name}</a></span>)}</>}
      </p>
      {evidence.studies.length === 0 ? <p class="empty">No included study carries this code yet.</p> : (
        <ol class="evidence-list">
          {evidence.studies.map(({ study, studyLevel, excerpts }) => (
            <li key={study.id} class="card">
              <h2 class="evidence-study">{study.label}</h2>
              <p class="muted"><RecordTitle title={study.title} /></p>
              {studyLevel && <p class="badge">Coded on the whole study</p>}
              {excerpts.length > 0 && (
                <ul class="cell-excerpts">
                  {excerpts.map(({ excerpt, codes }) => (
                    <li key={excerpt.id}>
                      <q>{excerpt.text}</q>
                      {excerpt.location && <span class="muted"> ({pageLocation(excerpt.location)})</span>}
                      {codes.length > 0 && <span class="muted"> · {codes.join(', ')}</span>}
                      {excerpt.memo && <p class="memo">{excerpt.memo}</p>}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
