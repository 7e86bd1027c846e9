import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { RecordError } from '../errors.js';
import type { ImportFormat } from '../import-format.js';
import { LineCounter } from '../line-counter.js';
import type { Warn } from '../record-collector.js';
import type { ReferenceDraft } from '../reference.js';

export type XmlNode = Record<string, unknown>;

/**
 * XML exports are split into record elements with indexOf (cheap, and one malformed record fails
 * alone), then each record is validated and parsed on its own. Entities are left encoded here and
 * decoded once with every other format's text; elements that carry inline markup are "stop nodes"
 * whose inner XML arrives as a string for inlineText.
 */
export function xmlFormat(options: {
  id: ImportFormat['id'];
  label: string;
  detect: (sample: string) => boolean;
  recordElements: readonly string[];
  markupElements: readonly string[];
  arrays: readonly string[];
  build: (record: XmlNode, element: string, warn: Warn) => ReferenceDraft;
}): ImportFormat {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    processEntities: false,
    parseTagValue: false,
    trimValues: true,
    stopNodes: options.markupElements.map((name) => `*.${name}`),
    isArray: (name) => options.arrays.includes(name),
  });
  return {
    id: options.id,
    label: options.label,
    detect: options.detect,
    parse(text, out) {
      const lines = new LineCounter(text);
      for (const { element, start, end, closed } of recordElements(text, options.recordElements)) {
        const raw = text.slice(start, end);
        out.add({ lineStart: lines.lineAt(start), lineEnd: lines.lineAt(end - 1), raw }, (warn) => {
          if (!closed) throw new RecordError(`The <${element}> element is never closed.`);
          const valid = XMLValidator.validate(raw);
          if (valid !== true) throw new RecordError(`Malformed XML: ${valid.err.msg} (line ${valid.err.line} of the record).`);
          const parsed = parser.parse(raw) as XmlNode;
          return options.build(asNode(parsed[element]), element, warn);
        });
      }
    },
  };
}

function* recordElements(text: string, names: readonly string[]) {
  const patterns = names.map((name) => new RegExp(`<${name}[\\s>]`, 'g'));
  // Next start of each element at or after `from`; cached, so an element that never occurs is searched once.
  const next = names.map(() => -2);
  const nextStart = (from: number) => {
    let best = -1;
    patterns.forEach((pattern, i) => {
      const cached = next[i] ?? -1;
      if (cached !== -1 && cached < from) {
        pattern.lastIndex = from;
        next[i] = pattern.exec(text)?.index ?? -1;
      }
      const at = next[i] ?? -1;
      if (at !== -1 && (best === -1 || at < (next[best] ?? 0))) best = i;
    });
    return best === -1 ? null : { element: names[best] ?? '', start: next[best] ?? 0 };
  };
  for (let found = nextStart(0); found; ) {
    const { element, start } = found;
    const close = text.indexOf(`</${element}>`, start);
    const following = nextStart(start + 1);
    // Unclosed: the record runs to the next record element, so the rest still imports.
    const closed = close !== -1 && (following === null || close < following.start);
    const end = closed ? close + element.length + 3 : (following?.start ?? text.length);
    yield { element, start, end, closed };
    found = nextStart(end);
  }
}

export function asNode(value: unknown): XmlNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as XmlNode) : {};
}

/** Walks a path of element names; arrays take their first item. */
export function child(node: unknown, ...path: string[]): unknown {
  let current = node;
  for (const name of path) {
    if (Array.isArray(current)) current = current[0];
    current = asNode(current)[name];
  }
  return current;
}

export function list(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

/** Text of an element: a string, an element with attributes (#text), or the raw inner XML of a stop node. */
export function textOf(value: unknown): string | null {
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'string') return inlineText(value);
  if (typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object') return textOf((value as XmlNode)['#text']);
  return null;
}

const FACES: Record<string, string> = { italic: 'i', bold: 'b', superscript: 'sup', subscript: 'sub' };

/**
 * Inline XML -> text with the markup titles keep: EndNote's <style face="italic">, and the <i>,
 * <b>, <sub>, <sup> PubMed uses, survive as the plain tags; every other tag goes.
 */
function inlineText(xml: string): string {
  if (!xml.includes('<')) return xml;
  const closers: string[] = [];
  return xml.replace(/<(\/?)([A-Za-z][\w:.-]*)([^<>]*)>/g, (_tag, slash: string, name: string, attributes: string) => {
    const lower = name.toLowerCase();
    if (['i', 'b', 'sub', 'sup'].includes(lower)) return `<${slash}${lower}>`;
    if (lower !== 'style') return '';
    if (slash) return closers.pop() ?? '';
    const face = /face="([^"]*)"/.exec(attributes)?.[1] ?? '';
    const tags = face.split(/\s+/).flatMap((f) => (FACES[f] ? [FACES[f]] : []));
    closers.push(tags.map((t) => `</${t}>`).reverse().join(''));
    return tags.map((t) => `<${t}>`).join('');
  });
}
