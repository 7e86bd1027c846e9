/**
 * The PRISMA 2020 flow diagram as SVG, from the counts alone: a pure function, so the same counts
 * always give the same bytes. The layout follows the PRISMA 2020 template for new reviews with
 * searches of databases and registers and, when there is anything to show there, of other
 * methods: phase bars (Identification, Screening, Included) on the left, each column's boxes with
 * the template's wording, arrows between them.
 *
 * One element tree serves both outputs: `prismaSvg()` serialises it (downloads, PNG), and the page
 * renders the same tree as preact elements (views/prisma/prisma-diagram.tsx), so nothing is ever
 * built as raw markup. Every text (source names and exclusion reasons are user data) is a text
 * node, escaped by whichever serialiser writes it. No style attributes: presentation attributes only
 * (fill, stroke, font-size…), which the page's CSP allows.
 *
 * ```ts
 * const svg = prismaSvg(counts, { title: review.title });   // '<?xml …?><svg …>…</svg>'
 * const tree = prismaSvgTree(counts);                        // { tag: 'svg', attrs, children }
 * ```
 */
import type { IdentifiedFrom, PrismaCounts, ReasonLine } from './prisma-counts.js';

export interface SvgElement {
  tag: string;
  attrs: Record<string, string>;
  children: SvgChild[];
}
export type SvgChild = SvgElement | string;

/** Metric-compatible fonts first (Liberation Sans is Arial's metrics), DejaVu for machines with little else. */
export const FONT_FAMILY = "Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif";
const FONT_SIZE = 12;
const LINE = 16;
const PAD = 10;
const BOX_W = 300;
const GAP_X = 44;
const COLUMN_GAP = 56;
const ROW_GAP = 34;
const PHASE_X = 12;
const PHASE_W = 30;
const LEFT = PHASE_X + PHASE_W + 20;
const HEADER_H = 42;
const MARGIN = 16;
/** Characters per line: the box's inner width at a generous average glyph width (DejaVu is wider than Arial). */
const WRAP = Math.floor((BOX_W - 2 * PAD) / (FONT_SIZE * 0.56));

const COLOURS = {
  ink: '#1a1a1a',
  stroke: '#1a1a1a',
  box: '#ffffff',
  otherBox: '#eeeeee',
  dbrHeader: '#f6c445',
  otherHeader: '#d4d4d4',
  phase: '#a9c6e8',
  provisional: '#9a3412',
};

const n = (value: number) => value.toLocaleString('en-GB');
const count = (label: string, value: number) => `${label} (n = ${n(value)})`;

function el(tag: string, attrs: Record<string, string | number>, ...children: SvgChild[]): SvgElement {
  return { tag, attrs: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, typeof v === 'number' ? num(v) : v])), children };
}

/** Coordinates without float noise, so output is byte-stable. */
function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * Greedy word wrap to `width` characters (`rest` for lines after the first); a longer word is cut.
 * A count "(n = 1,234)" is never split.
 */
export function wrapText(text: string, width = WRAP, rest = width): string[] {
  const lines: string[] = [];
  const room = () => Math.max(1, lines.length === 0 ? width : rest);
  let line = '';
  for (let word of text.match(/\(n = [^)\s]*\)|\S+/g) ?? []) {
    if (line !== '' && line.length + 1 + word.length <= room()) {
      line += ` ${word}`;
      continue;
    }
    if (line !== '') lines.push(line);
    while (word.length > room()) {
      const cut = room();
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    line = word;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

interface TextLine {
  text: string;
  /** Left indent in px (list items, and the hanging indent of their continuation lines). */
  indent: number;
  bold?: boolean;
  italic?: boolean;
}

/** A box's content: paragraphs, each wrapped; list items indented on continuation lines. */
interface BoxContent {
  lines: TextLine[];
  align: 'start' | 'middle';
}

const INDENT = 14;
const HANGING = 10;
const CHAR_W = FONT_SIZE * 0.56;

function para(text: string, options: { bold?: boolean; italic?: boolean; level?: number } = {}): TextLine[] {
  const indent = (options.level ?? 0) * INDENT;
  const first = Math.floor((BOX_W - 2 * PAD - indent) / CHAR_W);
  const rest = Math.floor((BOX_W - 2 * PAD - indent - HANGING) / CHAR_W);
  return wrapText(text, first, rest).map((line, i) => ({ text: line, indent: indent + (i > 0 ? HANGING : 0), bold: options.bold, italic: options.italic }));
}

const simple = (...paragraphs: TextLine[][]): BoxContent => ({ lines: paragraphs.flat(), align: 'middle' });
const list = (...paragraphs: TextLine[][]): BoxContent => ({ lines: paragraphs.flat(), align: 'start' });

function identifiedLines(label: string, from: IdentifiedFrom, withSources: boolean): TextLine[][] {
  const out: TextLine[][] = [para(count(label, from.total))];
  if (withSources) {
    for (const source of from.sources) out.push(para(count(source.name, source.records), { level: 1 }));
    if (from.notImported > 0 && from.sources.length > 0) out.push(para(count('Not imported', from.notImported), { level: 1 }));
  }
  return out;
}

function reasonLines(heading: string, total: number, reasons: ReasonLine[], stillAssessed: number): BoxContent {
  const out: TextLine[][] = [para(reasons.length === 0 ? count(heading, total) : `${heading}:`)];
  for (const reason of reasons) out.push(para(count(reason.reason, reason.reports), { level: 1 }));
  if (stillAssessed > 0) out.push(para(count('Still being assessed', stillAssessed), { italic: true }));
  return list(...out);
}

const boxHeight = (content: BoxContent) => content.lines.length * LINE + 2 * PAD;

interface Placed {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The diagram as an element tree. `title` (the review's) goes into the SVG's <title>. */
export function prismaSvgTree(counts: PrismaCounts, options: { title?: string } = {}): SvgElement {
  const d = counts.databasesAndRegisters;
  const o = counts.otherMethods;
  const other = o.shown;

  const x = {
    dbrMain: LEFT,
    dbrSide: LEFT + BOX_W + GAP_X,
    otherMain: LEFT + 2 * BOX_W + GAP_X + COLUMN_GAP,
    otherSide: LEFT + 3 * BOX_W + 2 * GAP_X + COLUMN_GAP,
  };
  const width = (other ? x.otherSide : x.dbrSide) + BOX_W + MARGIN;

  // Row contents, column by column; a row is as tall as its tallest box.
  const rows: Array<Partial<Record<keyof typeof x, BoxContent>>> = [
    {
      dbrMain: list(
        para('Records identified from:'),
        ...identifiedLines('Databases', d.databases, true),
        ...identifiedLines('Registers', d.registers, true),
      ),
      dbrSide: list(
        para('Records removed before screening:'),
        para(count('Duplicate records removed', d.duplicates), { level: 1 }),
        para(count('Records marked as ineligible by automation tools', d.automation), { level: 1 }),
        para(count('Records removed for other reasons', d.otherReasons), { level: 1 }),
      ),
      ...(other
        ? {
            otherMain: list(
              para('Records identified from:'),
              ...identifiedLines('Websites', o.websites, true),
              ...identifiedLines('Organisations', o.organisations, true),
              ...identifiedLines('Citation searching', o.citationSearching, true),
              ...(o.otherSources.total > 0 ? identifiedLines('Other sources', o.otherSources, true) : []),
            ),
          }
        : {}),
    },
    {
      dbrMain: simple(para(count('Records screened', d.screened))),
      dbrSide: list(
        para(count('Records excluded', d.recordsExcluded)),
        ...(d.stillScreened > 0 ? [para(count('Still being screened', d.stillScreened), { italic: true })] : []),
      ),
    },
    {
      dbrMain: simple(para(count('Reports sought for retrieval', d.sought))),
      dbrSide: simple(para(count('Reports not retrieved', d.notRetrieved))),
      ...(other
        ? {
            otherMain: simple(para(count('Reports sought for retrieval', o.sought))),
            otherSide: simple(para(count('Reports not retrieved', o.notRetrieved))),
          }
        : {}),
    },
    {
      dbrMain: simple(para(count('Reports assessed for eligibility', d.assessed))),
      dbrSide: reasonLines('Reports excluded', d.excluded, d.reasons, d.stillAssessed),
      ...(other
        ? {
            otherMain: simple(para(count('Reports assessed for eligibility', o.assessed))),
            otherSide: reasonLines('Reports excluded', o.excluded, o.reasons, o.stillAssessed),
          }
        : {}),
    },
    {
      dbrMain: simple(para(count('Studies included in review', counts.included.studies)), para(count('Reports of included studies', counts.included.reports))),
    },
  ];

  const children: SvgChild[] = [];
  let y = MARGIN;
  if (counts.provisional) {
    const notes = [
      counts.pending.duplicatePairs > 0 ? `${n(counts.pending.duplicatePairs)} possible duplicate ${counts.pending.duplicatePairs === 1 ? 'pair awaits' : 'pairs await'} a decision` : '',
      counts.pending.stillScreened > 0 ? `${n(counts.pending.stillScreened)} ${counts.pending.stillScreened === 1 ? 'record is' : 'records are'} still being screened` : '',
      counts.pending.stillAssessed > 0 ? `${n(counts.pending.stillAssessed)} ${counts.pending.stillAssessed === 1 ? 'report is' : 'reports are'} still being assessed` : '',
    ].filter(Boolean);
    // Bold glyphs are wider: wrap at 0.62 em.
    const chars = Math.floor((width - LEFT - MARGIN) / (FONT_SIZE * 0.62));
    for (const line of wrapText(`Provisional: ${notes.join('; ')}.`, chars)) {
      children.push(el('text', { x: LEFT, y: y + FONT_SIZE, fill: COLOURS.provisional, 'font-weight': 'bold' }, line));
      y += LINE;
    }
    y += 10;
  }

  // Column headers.
  const header = (left: number, text: string, fill: string) => {
    children.push(el('rect', { x: left, y, width: 2 * BOX_W + GAP_X, height: HEADER_H, rx: 8, fill, stroke: COLOURS.stroke, 'stroke-width': 1 }));
    children.push(el('text', { x: left + BOX_W + GAP_X / 2, y: y + HEADER_H / 2 + FONT_SIZE * 0.35, 'text-anchor': 'middle', 'font-weight': 'bold' }, text));
  };
  header(x.dbrMain, 'Identification of studies via databases and registers', COLOURS.dbrHeader);
  if (other) header(x.otherMain, 'Identification of studies via other methods', COLOURS.otherHeader);
  y += HEADER_H + ROW_GAP;

  const placed: Array<Partial<Record<keyof typeof x, Placed>>> = [];
  const rowTops: number[] = [];
  const rowHeights: number[] = [];
  // The phase bars of single rows must hold their rotated labels.
  const minHeights = [110, 0, 0, 0, 80];
  for (const [index, row] of rows.entries()) {
    const height = Math.max(minHeights[index]!, ...Object.values(row).map((content) => boxHeight(content!)));
    rowTops.push(y);
    rowHeights.push(height);
    const boxes: Partial<Record<keyof typeof x, Placed>> = {};
    for (const [key, content] of Object.entries(row) as Array<[keyof typeof x, BoxContent]>) {
      const box = { x: x[key], y, w: BOX_W, h: height };
      boxes[key] = box;
      children.push(drawBox(box, content, key.startsWith('other') ? COLOURS.otherBox : COLOURS.box));
    }
    placed.push(boxes);
    y += height + ROW_GAP;
  }
  const height = y - ROW_GAP + MARGIN;

  // Phase bars: Identification (row 1), Screening (rows 2–4), Included (row 5).
  const phase = (label: string, top: number, bottom: number) => {
    const cx = PHASE_X + PHASE_W / 2;
    const cy = (top + bottom) / 2;
    children.push(el('rect', { x: PHASE_X, y: top, width: PHASE_W, height: bottom - top, rx: 6, fill: COLOURS.phase }));
    children.push(el('text', { x: cx, y: cy + FONT_SIZE * 0.35, transform: `rotate(-90 ${num(cx)} ${num(cy)})`, 'text-anchor': 'middle', 'font-weight': 'bold' }, label));
  };
  phase('Identification', rowTops[0]!, rowTops[0]! + rowHeights[0]!);
  phase('Screening', rowTops[1]!, rowTops[3]! + rowHeights[3]!);
  phase('Included', rowTops[4]!, rowTops[4]! + rowHeights[4]!);

  // Arrows.
  const arrow = (points: Array<[number, number]>) =>
    children.push(el('path', { d: points.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${num(px)} ${num(py)}`).join(' '), fill: 'none', stroke: COLOURS.stroke, 'stroke-width': 1.5, 'marker-end': 'url(#prisma-arrow)' }));
  const down = (a: Placed, b: Placed) => arrow([[a.x + a.w / 2, a.y + a.h], [b.x + b.w / 2, b.y]]);
  const right = (a: Placed, b: Placed) => arrow([[a.x + a.w, a.y + a.h / 2], [b.x, b.y + b.h / 2]]);
  for (let i = 0; i < 4; i++) {
    down(placed[i]!.dbrMain!, placed[i + 1]!.dbrMain!);
    right(placed[i]!.dbrMain!, placed[i]!.dbrSide!);
  }
  if (other) {
    down(placed[0]!.otherMain!, placed[2]!.otherMain!);
    down(placed[2]!.otherMain!, placed[3]!.otherMain!);
    right(placed[2]!.otherMain!, placed[2]!.otherSide!);
    right(placed[3]!.otherMain!, placed[3]!.otherSide!);
    const from = placed[3]!.otherMain!;
    const to = placed[4]!.dbrMain!;
    arrow([[from.x + from.w / 2, from.y + from.h], [from.x + from.w / 2, to.y + to.h / 2], [to.x + to.w, to.y + to.h / 2]]);
  }

  const defs = el(
    'defs',
    {},
    el('marker', { id: 'prisma-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' }, el('path', { d: 'M0 0 L10 5 L0 10 z', fill: COLOURS.stroke })),
  );
  const title = options.title ? `PRISMA 2020 flow diagram: ${options.title}` : 'PRISMA 2020 flow diagram';
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${num(width)} ${num(height)}`,
      role: 'img',
      'aria-labelledby': 'prisma-title',
      'font-family': FONT_FAMILY,
      'font-size': FONT_SIZE,
      fill: COLOURS.ink,
    },
    el('title', { id: 'prisma-title' }, title),
    defs,
    el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }),
    ...children,
  );
}

function drawBox(box: Placed, content: BoxContent, fill: string): SvgElement {
  const firstBaseline = box.y + (box.h - content.lines.length * LINE) / 2 + LINE * 0.75;
  return el(
    'g',
    {},
    el('rect', { x: box.x, y: box.y, width: box.w, height: box.h, fill, stroke: COLOURS.stroke, 'stroke-width': 1 }),
    ...content.lines.map((line, i) =>
      el(
        'text',
        {
          x: content.align === 'middle' ? box.x + box.w / 2 : box.x + PAD + line.indent,
          y: firstBaseline + i * LINE,
          ...(content.align === 'middle' ? { 'text-anchor': 'middle' } : {}),
          ...(line.bold ? { 'font-weight': 'bold' } : {}),
          ...(line.italic ? { 'font-style': 'italic' } : {}),
        },
        line.text,
      ),
    ),
  );
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text as XML character data: markup escaped, and characters XML 1.0 forbids dropped. */
export function escapeXml(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

export function serializeSvg(node: SvgChild): string {
  if (typeof node === 'string') return escapeXml(node);
  const attrs = Object.entries(node.attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  if (node.children.length === 0) return `<${node.tag}${attrs}/>`;
  return `<${node.tag}${attrs}>${node.children.map(serializeSvg).join('')}</${node.tag}>`;
}

/** The standalone SVG file. */
export function prismaSvg(counts: PrismaCounts, options: { title?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serializeSvg(prismaSvgTree(counts, options))}\n`;
}
