import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';

export interface ErrorView {
  status: number;
  title: string;
  message: string;
  requestId?: string;
}

export function ErrorPage({ ctx, error }: { ctx: PageContext; error: ErrorView }) {
  return (
    <Layout ctx={ctx} title={error.title} narrow>
      <ErrorMessage error={error} />
      <p>
        <a href="/">Go to the start page</a>
      </p>
    </Layout>
  );
}

/** The same message as a fragment, for htmx requests (swapped into the page's alert region). */
export function ErrorMessage({ error }: { error: ErrorView }) {
  return (
    <div class="alert alert-error" role="alert">
      <h1>{error.title}</h1>
      <p>{error.message}</p>
      {error.requestId && <p class="muted">Reference: {error.requestId}</p>}
    </div>
  );
}
