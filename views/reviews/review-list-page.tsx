import type { ReceivedInvitation } from '../../src/reviews/invitations.js';
import type { MemberReview } from '../../src/reviews/review-repository.js';
import { PostButton } from '../components/forms.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

interface ReviewListProps {
  ctx: PageContext;
  reviews: MemberReview[];
  invitations: ReceivedInvitation[];
}

export function ReviewListPage({ ctx, reviews, invitations }: ReviewListProps) {
  return (
    <Layout ctx={ctx} title="Reviews">
      <div class="page-head">
        <h1>Reviews</h1>
        <a class="button" href="/reviews/new">New review</a>
      </div>
      {invitations.length > 0 && (
        <section aria-labelledby="invitations">
          <h2 id="invitations">Invitations</h2>
          <ul class="review-list">
            {invitations.map((invitation) => (
              <li key={invitation.slug}>
                <strong>{invitation.title}</strong>
                <span class="muted"> · {invitation.invitedBy} invites you as {invitation.role}</span>
                <p>
                  <PostButton action={`/invitations/${invitation.slug}/accept`} csrfToken={ctx.csrfToken} label="Accept" class="button" />{' '}
                  <PostButton action={`/invitations/${invitation.slug}/decline`} csrfToken={ctx.csrfToken} label="Decline" />
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {reviews.length === 0 ? (
        <p class="empty">You are not a member of any review yet. Create one, or ask a review owner to invite you.</p>
      ) : (
        <ul class="review-list">
          {reviews.map((review) => (
            <li key={review.id}>
              <a href={`/reviews/${review.slug}`}>{review.title}</a>
              <span class="muted"> · {review.slug} · {review.role}</span>
              {review.question && <p>{review.question}</p>}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
