/**
 * The one-time token (`_once`) of the form in `html` that posts to `action`, as a browser would
 * send it; throws when the page has no such form or the form no token.
 */
export function formTokenIn(html: string, action: string): string {
  const escaped = action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const form = new RegExp(`<form[^>]*\\saction="${escaped}"[^>]*>([\\s\\S]*?)</form>`).exec(html);
  if (!form) throw new Error(`No form posting to ${action} on the page.`);
  const token = /<input type="hidden" name="_once" value="([^"]+)"/.exec(form[1]!);
  if (!token) throw new Error(`The form posting to ${action} carries no one-time token.`);
  return token[1]!;
}
