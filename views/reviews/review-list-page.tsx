import type { MemberReview } from '../../src/reviews/review-repository.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export function ReviewListPage({ ctx, reviews }: { ctx: PageContext; reviews: MemberReview[] }) {
  return (
    <Layout ctx={ctx} title="Reviews">
      <div class="page-head">
        <h1>Reviews</h1>
        <a class="button" href="/reviews/new">New review</a>
      </div>
      {reviews.length === 0 ? (
        <p class="empty">You are not a member of any review yet. Create one, or ask a review owner to add you.</p>
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
