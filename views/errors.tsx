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
      <ErrorMessage error={error} asPage />
      <p>
        <a href="/">Go to the start page</a>
      </p>
    </Layout>
  );
}

/** The same message as a fragment, for htmx requests (swapped into the page's alert region). */
export function ErrorMessage({ error, asPage }: { error: ErrorView; asPage?: boolean }) {
  // In a fragment the page already has its own h1.
  const Title = asPage ? 'h1' : 'strong';
  return (
    <div class="alert alert-error" role="alert">
      <Title>{error.title}</Title>
      <p>{error.message}</p>
      {error.requestId && <p class="muted">Reference: {error.requestId}</p>}
    </div>
  );
}
