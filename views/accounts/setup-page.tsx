import type { FieldErrors } from '../../src/domain-errors.js';
import { CsrfField, Field, FormErrors } from '../components/forms.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface PersonForm {
  name: string;
  email: string;
}

export function SetupPage({ ctx, form, errors }: { ctx: PageContext; form: PersonForm; errors?: FieldErrors }) {
  return (
    <Layout ctx={ctx} title="Welcome" narrow>
      <h1>Welcome to Coreview</h1>
      <p>
        Create the owner account. The owner adds the other people on the team and can disable accounts. This page
        disappears once the account exists.
      </p>
      <form method="post" action="/setup" class="card">
        <CsrfField token={ctx.csrfToken} />
        <FormErrors errors={errors} fields={['name', 'email', 'password']} />
        <Field name="name" label="Your name" value={form.name} errors={errors} required autocomplete="name" autofocus />
        <Field name="email" label="E-mail" type="email" value={form.email} errors={errors} required autocomplete="email" />
        <Field
          name="password"
          label="Password"
          type="password"
          errors={errors}
          required
          autocomplete="new-password"
          hint="At least 8 characters. A passphrase of a few words is easy to type and hard to guess."
        />
        <button type="submit">Create owner account</button>
      </form>
    </Layout>
  );
}
