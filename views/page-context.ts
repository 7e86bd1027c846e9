import type { Account } from '../src/accounts/account-repository.js';

/** What every full page needs besides its own view model. Built once per request in src/http/render.ts. */
export interface PageContext {
  account: Account | null;
  csrfToken: string;
  flash: string | null;
  path: string;
}
