import type { Account } from '../../src/accounts/account-repository.js';
import type { FieldErrors } from '../../src/domain-errors.js';
import type { CreatingForm } from '../../src/http/form-token.js';
import { CsrfField, Field, FormErrors, FormTokenField, PostButton } from '../components/forms.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import type { PersonForm } from './setup-page.js';

export function PeoplePage(props: { ctx: PageContext; people: Account[]; adding: CreatingForm; form: PersonForm; errors?: FieldErrors }) {
  const { ctx, people, adding, form, errors } = props;
  return (
    <Layout ctx={ctx} title="People">
      <h1>People</h1>
      <p class="lede">Everyone who can sign in to this Coreview. Review owners then invite them to their reviews.</p>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Status</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.id} class={person.disabled ? 'muted' : undefined}>
              <td>{person.name}{person.isOwner && <span class="badge">owner</span>}</td>
              <td>{person.email}</td>
              <td>{person.disabled ? 'Disabled' : person.passwordTemporary ? 'Temporary password' : 'Active'}</td>
              <td class="actions">
                {!person.isOwner && (
                  <PostButton
                    action={`/people/${person.id}/${person.disabled ? 'enable' : 'disable'}`}
                    csrfToken={ctx.csrfToken}
                    label={person.disabled ? 'Enable' : 'Disable'}
                    confirm={person.disabled ? undefined : `Disable ${person.name}? They are signed out at once.`}
                  />
                )}
                {!person.isOwner && !person.disabled && <ResetPassword ctx={ctx} person={person} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add a person</h2>
      <form method="post" action={adding.action} class="card form-card">
        <CsrfField token={ctx.csrfToken} />
        <FormTokenField form={adding} />
        <FormErrors errors={errors} fields={['name', 'email', 'password']} />
        <Field name="name" label="Name" value={form.name} errors={errors} required />
        <Field name="email" label="E-mail" type="email" value={form.email} errors={errors} required />
        <Field
          name="password"
          label="Temporary password"
          type="text"
          errors={errors}
          required
          autocomplete="off"
          hint="No e-mail is sent: give this password to the person yourself. They are asked to change it."
        />
        <button type="submit">Add person</button>
      </form>
    </Layout>
  );
}

/** A new temporary password for someone who lost theirs; they choose their own at the next sign-in. */
function ResetPassword({ ctx, person }: { ctx: PageContext; person: Account }) {
  const id = `reset-${person.id}`;
  return (
    <details>
      <summary>Reset password</summary>
      <form method="post" action={`/people/${person.id}/password`} class="inline-form">
        <CsrfField token={ctx.csrfToken} />
        <label for={id}>New temporary password for {person.name}</label>
        <input id={id} name="temporary" type="text" autocomplete="off" required minLength={8} />
        <button type="submit">Set temporary password</button>
      </form>
    </details>
  );
}
