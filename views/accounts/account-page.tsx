import type { FieldErrors } from '../../src/domain-errors.js';
import { CsrfField, Field } from '../components/forms.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export function AccountPage({ ctx, errors }: { ctx: PageContext; errors?: FieldErrors }) {
  const account = ctx.account!;
  return (
    <Layout ctx={ctx} title="Your account" narrow>
      <h1>Your account</h1>
      <p>
        {account.name} · {account.email}
      </p>
      {account.passwordTemporary && (
        <div class="alert alert-warn" role="status">
          Your password was set by the owner of this Coreview. Choose your own before you go on.
        </div>
      )}
      <h2>{account.passwordTemporary ? 'Choose your password' : 'Change password'}</h2>
      <form method="post" action="/account/password" class="card">
        <CsrfField token={ctx.csrfToken} />
        <Field
          name="current"
          label={account.passwordTemporary ? 'Temporary password' : 'Current password'}
          type="password"
          errors={errors}
          required
          autocomplete="current-password"
        />
        <Field name="password" label="New password" type="password" errors={errors} required autocomplete="new-password" hint="At least 8 characters." />
        <button type="submit">Change password</button>
      </form>
    </Layout>
  );
}
