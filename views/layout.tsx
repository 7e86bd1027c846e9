import type { ComponentChildren } from 'preact';
import { CsrfField } from './components/forms.js';
import type { PageContext } from './page-context.js';

export interface ReviewNav {
  slug: string;
  title: string;
  isOwner: boolean;
  /** Which review tab is current. */
  section: 'dashboard' | 'protocol' | 'imports' | 'records' | 'duplicates' | 'screening' | 'coding' | 'appraisal' | 'synthesis' | 'findings' | 'prisma' | 'members' | 'audit' | 'settings';
}

interface LayoutProps {
  ctx: PageContext;
  title: string;
  review?: ReviewNav;
  /** Narrow centred card for sign-in style pages. */
  narrow?: boolean;
  children: ComponentChildren;
}

// htmx reads its settings from this meta tag; indicator CSS lives in app.css instead of being injected.
const HTMX_CONFIG = JSON.stringify({ includeIndicatorCSS: false });

export function Layout({ ctx, title, review, narrow, children }: LayoutProps) {
  // htmx requests that carry no form (buttons, links) still need the CSRF token: sent as a header.
  const bodyAttributes = { 'hx-headers:inherited': JSON.stringify({ 'x-csrf-token': ctx.csrfToken }) };
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${title} · Coreview`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <script src="/assets/htmx.min.js" defer></script>
        <script src="/assets/app.js" defer></script>
        <script src="/assets/unsaved-changes.js" defer></script>
      </head>
      <body {...bodyAttributes}>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="topbar">
          <a class="brand" href="/">Coreview</a>
          {ctx.account && (
            <nav class="topnav" aria-label="Main">
              <a href="/reviews" aria-current={ctx.path.startsWith('/reviews') ? 'page' : undefined}>Reviews</a>
              {ctx.account.isOwner && (
                <a href="/people" aria-current={ctx.path.startsWith('/people') ? 'page' : undefined}>People</a>
              )}
              {ctx.account.isOwner && (
                <a href="/audit" aria-current={ctx.path === '/audit' ? 'page' : undefined}>Audit</a>
              )}
            </nav>
          )}
          {ctx.account && (
            <div class="account-menu">
              <a href="/account" class="account-name">{ctx.account.name}</a>
              <form method="post" action="/logout" class="inline">
                <CsrfField token={ctx.csrfToken} />
                <button type="submit" class="button-link">Sign out</button>
              </form>
            </div>
          )}
        </header>
        {review && <ReviewTabs review={review} />}
        <main id="main" class={narrow ? 'narrow' : undefined}>
          <div id="alerts" aria-live="polite">
            {ctx.flash && <div class="alert alert-ok" role="status">{ctx.flash}</div>}
            {ctx.account?.passwordTemporary && !ctx.path.startsWith('/account') && (
              <div class="alert alert-warn">
                You are using a temporary password. <a href="/account">Choose your own</a>.
              </div>
            )}
          </div>
          {children}
        </main>
      </body>
    </html>
  );
}

function ReviewTabs({ review }: { review: ReviewNav }) {
  const base = `/reviews/${review.slug}`;
  const tabs: Array<[ReviewNav['section'], string, string]> = [
    ['dashboard', 'Overview', base],
    ['imports', 'Import', `${base}/imports`],
    ['records', 'Records', `${base}/records`],
    ['duplicates', 'Duplicates', `${base}/duplicates`],
    ['screening', 'Screening', `${base}/screening`],
    ['coding', 'Coding', `${base}/coding`],
    ['appraisal', 'Appraisal', `${base}/appraisal`],
    ['synthesis', 'Synthesis', `${base}/synthesis`],
    ['findings', 'Findings', `${base}/findings`],
    ['prisma', 'PRISMA', `${base}/prisma`],
    ['protocol', 'Protocol', `${base}/protocol`],
    ['members', 'Team', `${base}/members`],
  ];
  if (review.isOwner) tabs.push(['settings', 'Settings', `${base}/settings`], ['audit', 'History', `${base}/audit`]);
  return (
    <nav class="review-bar" aria-label="Review">
      <span class="review-title">{review.title}</span>
      <ul>
        {tabs.map(([section, label, href]) => (
          <li key={section}>
            <a href={href} aria-current={section === review.section ? 'page' : undefined}>{label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
