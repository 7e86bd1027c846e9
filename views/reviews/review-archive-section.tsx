import { CsrfField, Field } from '../components/forms.js';

interface ReviewArchiveProps {
  csrfToken: string;
  uploadLimitMb: number;
  /** The review whose archive can be downloaded; absent on the new-review page. */
  slug?: string;
  /** Only the instance owner imports review files (they bring people with them). */
  canImport: boolean;
}

/** Downloading a review as one file, and importing such a file as a new review. */
export function ReviewArchiveSection({ csrfToken, uploadLimitMb, slug, canImport }: ReviewArchiveProps) {
  if (!slug && !canImport) return null;
  return (
    <section class="card form-card" aria-labelledby="review-archive-heading">
      <h2 id="review-archive-heading">Move a review between Coreviews</h2>
      {slug && (
        <>
          <p><a class="button" href={`/reviews/${slug}/settings/archive`} download>Download this review</a></p>
          <p class="hint">
            One file with its searches and original exports, records, duplicates, every decision with its history, protocol, codebook,
            coding, extraction, PDFs, PRISMA boxes and history. People are carried by name and e-mail, never with a password.
          </p>
        </>
      )}
      {canImport && (
        <form method="post" action="/reviews/new/import" enctype="multipart/form-data">
          <CsrfField token={csrfToken} />
          <div class="field">
            <label for="f-archive">Import a review file as a new review</label>
            <input id="f-archive" name="archive" type="file" accept=".zip,application/zip" required aria-describedby="f-archive-hint" />
            <p class="hint" id="f-archive-hint">
              A file downloaded from a review’s settings (up to {uploadLimitMb} MB here; larger ones with <code>coreview review import</code>). People are
              matched by e-mail; anyone this Coreview does not know is added disabled. You become an owner of the new review.
            </p>
          </div>
          <Field name="slug" label="Short name for the new review" maxLength={40} hint="Leave empty to keep the file’s, or the first free one like it." />
          <button type="submit">Import as a new review</button>
        </form>
      )}
    </section>
  );
}
