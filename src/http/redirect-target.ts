// Any origin will do: a target is safe when resolving it against one leaves that origin unchanged.
const HERE = 'http://coreview.invalid';
const MAX_LENGTH = 2000;
// Browsers drop tabs and newlines anywhere in a URL and treat "\" as "/", so "/\tevil.example" or
// "/\\evil.example" is read as "//evil.example": another site. Format characters hide such tricks.
const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\\]/u;

function looksSafe(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !UNSAFE_CHARACTER.test(path);
}

/**
 * The path on this site that a redirect target taken from input (`?next=`, a form field) names, or
 * undefined when it is anything else: another site, a scheme (`javascript:`), a protocol-relative
 * `//host`, or a path that only becomes one of those once decoded or once a browser has dropped its
 * control characters. Like Django's `url_has_allowed_host_and_scheme`, it rejects rather than
 * repairs, and it returns the target as the URL parser wrote it back, so the Location header holds
 * exactly what the browser will follow (and never a character Node refuses in a header).
 *
 * @example safeRedirectPath('/reviews/desistance?page=2') // '/reviews/desistance?page=2'
 * @example safeRedirectPath('/\t/attacker.example/')     // undefined
 */
export function safeRedirectPath(target: unknown): string | undefined {
  if (typeof target !== 'string' || target.length > MAX_LENGTH || !looksSafe(target)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return undefined;
  }
  if (!looksSafe(decoded)) return undefined;
  const url = new URL(target, HERE);
  return url.origin === HERE ? url.pathname + url.search + url.hash : undefined;
}
