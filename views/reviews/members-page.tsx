import type { FieldErrors } from '../../src/domain-errors.js';
import type { SentInvitation } from '../../src/reviews/invitations.js';
import type { Member } from '../../src/reviews/members.js';
import type { MemberReview } from '../../src/reviews/review-repository.js';
import { CsrfField, Field, FormErrors, PostButton } from '../components/forms.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

interface MembersProps {
  ctx: PageContext;
  review: MemberReview;
  members: Member[];
  invitations: SentInvitation[];
  form: { email: string; role: string };
  errors?: FieldErrors;
}

export function MembersPage({ ctx, review, members, invitations, form, errors }: MembersProps) {
  const isOwner = review.role === 'owner';
  const base = `/reviews/${review.slug}/members`;
  return (
    <Layout ctx={ctx} title={`Team · ${review.title}`} review={{ slug: review.slug, title: review.title, isOwner, section: 'members' }}>
      <h1>Team</h1>
      <p class="lede">Owners edit the protocol and the team; reviewers screen and code.</p>
      <FormErrors errors={errors} fields={['email', 'role']} />
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            {isOwner && <th scope="col"><span class="visually-hidden">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.accountId} class={m.disabled ? 'muted' : undefined}>
              <td>{m.name}{m.disabled && ' (disabled)'}</td>
              <td>{m.email}</td>
              <td>{m.role}</td>
              {isOwner && (
                <td class="actions">
                  <PostButton
                    action={`${base}/${m.accountId}/role`}
                    csrfToken={ctx.csrfToken}
                    hidden={{ role: m.role === 'owner' ? 'reviewer' : 'owner' }}
                    label={m.role === 'owner' ? 'Make reviewer' : 'Make owner'}
                  />
                  <PostButton
                    action={`${base}/${m.accountId}/remove`}
                    csrfToken={ctx.csrfToken}
                    label="Remove"
                    confirm={`Remove ${m.name} from this review? Their decisions stay.`}
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {isOwner && (
        <>
          {invitations.length > 0 && (
            <>
              <h2>Invited</h2>
              <p class="hint">Waiting for an answer. An invitation leaves this list when the person accepts or declines it.</p>
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">E-mail</th>
                    <th scope="col">Role</th>
                    <th scope="col"><span class="visually-hidden">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {invitations.map((invitation) => (
                    <tr key={invitation.id}>
                      <td>{invitation.email}</td>
                      <td>{invitation.role}</td>
                      <td class="actions">
                        <PostButton action={`${base}/invitations/${invitation.id}/withdraw`} csrfToken={ctx.csrfToken} label="Withdraw" />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <h2>Invite a member</h2>
          <form method="post" action={base} class="card inline-form">
            <CsrfField token={ctx.csrfToken} />
            <Field name="email" label="E-mail" type="email" value={form.email} errors={errors} required />
            <div class="field field-narrow">
              <label for="f-role">Role</label>
              <select id="f-role" name="role">
                <option value="reviewer" selected={form.role !== 'owner'}>Reviewer</option>
                <option value="owner" selected={form.role === 'owner'}>Owner</option>
              </select>
            </div>
            <button type="submit">Invite</button>
          </form>
          <p class="hint">
            They join when they accept the invitation on their reviews page.
            {ctx.account?.isOwner && <> Someone without an account? <a href="/people">Add them on the People page</a>: they will find the invitation when they sign in.</>}
          </p>
        </>
      )}
    </Layout>
  );
}
