import { CsrfField, Field } from '../components/forms.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export function LoginPage({ ctx, email, next, error }: { ctx: PageContext; email: string; next: string; error?: string }) {
  return (
    <Layout ctx={ctx} title="Sign in" narrow>
      <h1>Sign in</h1>
      <form method="post" action="/login" class="card" data-no-unsaved>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={next} />
        {error && <div class="alert alert-error" role="alert">{error}</div>}
        <Field name="email" label="E-mail" type="email" value={email} required autocomplete="username" autofocus />
        <Field name="password" label="Password" type="password" required autocomplete="current-password" />
        <button type="submit">Sign in</button>
      </form>
      <p class="muted">Forgotten your password? Ask the owner of this Coreview to set a new one.</p>
    </Layout>
  );
}
