/** A record edit form's current values, as a browser would post them back. */
export function formValues(html: string): Record<string, string> {
  const values: Record<string, string> = {};
  const unescape = (text: string) => text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*?value="([^"]*)"/g)) values[m[1]!] = unescape(m[2]!);
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*(?:<(?!\/textarea>)[^<]*)*)<\/textarea>/g)) values[m[1]!] = unescape(m[2]!);
  const type = /<select id="f-type" name="type"[^>]*>.*?<option value="([^"]+)" selected>/s.exec(html);
  if (type) values.type = type[1]!;
  delete values._csrf;
  return values;
}
