/**
 * THE AUDITED PLACE where text from imported data may become markup.
 *
 * Titles legitimately carry <i>, <b>, <sub> and <sup> (species names, chemical formulas, "p < .05").
 * They arrive from files nobody controls, so they are hostile input: this helper re-sanitises them
 * with a strict allow-list. Exactly those four tags, written without attributes (`<i>`, `</sub>`),
 * become elements; everything else (`<script>`, `<i onclick=…>`, `<img …>`, stray `<` and `&`)
 * stays text that preact escapes. It builds preact elements and never raw HTML, so there is no
 * `dangerouslySetInnerHTML` in it or anywhere else in the project (a unit test keeps it that way).
 * Unclosed tags are closed at the end, stray closing tags dropped.
 */
import type { ComponentChildren } from 'preact';
import { h } from 'preact';

export const ALLOWED_TAGS = ['i', 'b', 'sub', 'sup'] as const;
type AllowedTag = (typeof ALLOWED_TAGS)[number];

const TAG = /<(\/?)(i|b|sub|sup)\s*>/gi;

interface Element {
  tag: AllowedTag;
  children: Node[];
}
type Node = string | Element;

/** The allowed structure of a title: text and the four allowed elements, properly nested. */
export function parseSafeMarkup(text: string): Node[] {
  const root: Element = { tag: 'i', children: [] };
  const open: Element[] = [root];
  let cursor = 0;
  const addText = (piece: string) => {
    if (piece !== '') open[open.length - 1]!.children.push(piece);
  };
  for (const match of text.matchAll(TAG)) {
    addText(text.slice(cursor, match.index));
    cursor = match.index + match[0].length;
    const tag = match[2]!.toLowerCase() as AllowedTag;
    if (match[1] === '') {
      const element: Element = { tag, children: [] };
      open[open.length - 1]!.children.push(element);
      open.push(element);
      continue;
    }
    // A closing tag closes its element (and any left open inside it); one with nothing to close is dropped.
    const depth = open.findLastIndex((element, index) => index > 0 && element.tag === tag);
    if (depth > 0) open.length = depth;
  }
  addText(text.slice(cursor));
  return root.children;
}

function render(nodes: Node[]): ComponentChildren[] {
  return nodes.map((node) => (typeof node === 'string' ? node : h(node.tag, null, ...render(node.children))));
}

/** A title (or any imported text that may carry those four tags), safely rendered. */
export function SafeMarkup({ text }: { text: string }) {
  return <>{render(parseSafeMarkup(text))}</>;
}

/** The same text without its tags, for <title>, attributes and other places that take plain text. */
export function plainText(text: string): string {
  const flatten = (nodes: Node[]): string => nodes.map((node) => (typeof node === 'string' ? node : flatten(node.children))).join('');
  return flatten(parseSafeMarkup(text));
}
