/**
 * Titles may carry a little formatting that matters to readers (species in italics, H<sub>2</sub>O),
 * but imported text is hostile input. A sanitised title is plain text plus balanced, attribute-free
 * <i>, <b>, <sub> and <sup> tags; everything else that looks like a tag is removed. Render it only
 * through views/components/safe-markup.tsx, which builds those four elements and escapes all else.
 */

const ALLOWED = ['i', 'b', 'sub', 'sup'] as const;
type Allowed = (typeof ALLOWED)[number];

// Synonyms exporters use (HTML, JATS, Scopus' <inf>, EndNote) for the four kept tags.
const SYNONYMS: Record<string, Allowed> = {
  i: 'i', em: 'i', italic: 'i', it: 'i',
  b: 'b', strong: 'b', bold: 'b',
  sub: 'sub', inf: 'sub', subscript: 'sub',
  sup: 'sup', superscript: 'sup',
};

// Tags whose boundary separates words or paragraphs.
const BLOCK = new Set(['p', 'br', 'div', 'li', 'tr', 'td', 'sec', 'title', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'abstracttext']);

const TAG = /<(\/?)([A-Za-z][\w.:-]*)(?:\s[^<>]*)?\/?>/g;

/**
 * Keeps only balanced <i>, <b>, <sub>, <sup> (from common synonyms); strips every other tag and
 * script/style content. Repeated until nothing changes, because removing one tag can join the text
 * around it into another (`<scr<b></b>ipt>`).
 */
export function sanitizeTitle(value: string): string {
  let current = value;
  for (let pass = 0; pass < 8; pass++) {
    const next = sanitizeOnce(current);
    if (next === current) return next;
    current = next;
  }
  // Still changing after eight passes: hostile input; keep no markup at all.
  return current.replace(/[<>]/g, '');
}

function sanitizeOnce(value: string): string {
  if (!value.includes('<')) return value;
  const open: Allowed[] = [];
  const out = withoutScripts(value).replace(TAG, (_tag, slash: string | undefined, rawName: string | undefined) => {
    const name = localName(rawName ?? '');
    const tag = SYNONYMS[name];
    if (!tag) return BLOCK.has(name) ? ' ' : '';
    if (!slash) {
      open.push(tag);
      return `<${tag}>`;
    }
    const at = open.lastIndexOf(tag);
    if (at === -1) return '';
    // Close anything opened inside the tag being closed so the result stays well nested.
    const inner = open.splice(at);
    return inner.reverse().map((t) => `</${t}>`).join('');
  });
  const closed = out + open.reverse().map((t) => `</${t}>`).join('');
  return closed.replace(/<(i|b|sub|sup)>(\s*)<\/\1>/g, '$2');
}

/** Plain text for fields that never carry markup (abstracts, journals, names): tags and script/style content removed. */
export function stripMarkup(value: string): string {
  if (!value.includes('<')) return value;
  return withoutScripts(value).replace(TAG, (_tag, slash: string | undefined, rawName: string | undefined) =>
    BLOCK.has(localName(rawName ?? '')) ? '\n' : '',
  );
}

function localName(name: string): string {
  const lower = name.toLowerCase();
  const colon = lower.lastIndexOf(':');
  return colon === -1 ? lower : lower.slice(colon + 1);
}

/** Drops <script>/<style> elements with their content; positions are cached so hostile input stays linear. */
function withoutScripts(value: string): string {
  const lower = value.toLowerCase();
  const next = { script: -2, style: -2 };
  const closeAt = { script: -2, style: -2 };
  const find = (cache: Record<'script' | 'style', number>, name: 'script' | 'style', needle: string, from: number) => {
    if (cache[name] !== -1 && cache[name] < from) cache[name] = lower.indexOf(needle, from);
    return cache[name];
  };
  let out = '';
  let from = 0;
  for (;;) {
    const script = find(next, 'script', '<script', from);
    const style = find(next, 'style', '<style', from);
    if (script === -1 && style === -1) break;
    const name = style === -1 || (script !== -1 && script < style) ? 'script' : 'style';
    const start = name === 'script' ? script : style;
    out += value.slice(from, start);
    // Without a closing tag only the opening tag goes.
    const close = find(closeAt, name, `</${name}`, start);
    const end = lower.indexOf('>', close === -1 ? start : close);
    from = end === -1 ? value.length : end + 1;
  }
  return out + value.slice(from);
}
